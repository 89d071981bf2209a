/** kubectl set image (pkg/cmd/set/set_image.go). */
import { describe, expect, it } from 'vitest';
import { createSession } from '../../index.ts';

describe('kubectl set image', () => {
  it('changes a Deployment\'s image: a new ReplicaSet rolls out new pods, and the Service follows them', () => {
    const s = createSession();
    s.run('kubectl create deployment web --image=traefik/whoami --replicas=2');
    s.run('kubectl expose deployment web --port=80');
    const before = s.cluster.list('Pod', 'default').map((p) => p.metadata.name);
    expect(s.run('kubectl set image deployment/web whoami=traefik/whoami:v1.10')).toMatchObject({ stdout: 'deployment.apps/web image updated\n', stderr: '', exitCode: 0 });
    const pods = s.cluster.list('Pod', 'default');
    expect(pods.every((p) => p.spec.containers[0].image === 'traefik/whoami:v1.10' && !before.includes(p.metadata.name))).toBe(true);
    const slice = s.cluster.list('EndpointSlice', 'default').find((e) => e.metadata.labels?.['kubernetes.io/service-name'] === 'web')!;
    expect(slice.endpoints.map((e) => e.targetRef?.name).sort()).toEqual(pods.map((p) => p.metadata.name).sort());
    // The same image again: no patch, nothing printed.
    expect(s.run('kubectl set image deployment/web whoami=traefik/whoami:v1.10')).toMatchObject({ stdout: '', stderr: '', exitCode: 0 });
    expect(s.run('kubectl set image deploy web *=nginx:1.27 --dry-run=client').stdout).toBe('deployment.apps/web image updated (dry run)\n');
  });

  it('changes every object a selector (-l) or --all picks, in the namespace', () => {
    const s = createSession();
    s.run('kubectl create deployment web --image=nginx');
    s.run('kubectl create deployment api --image=nginx');
    s.run('kubectl label deployment web tier=front');
    expect(s.run('kubectl set image deployment -l tier=front nginx=nginx:1.28')).toMatchObject({ stdout: 'deployment.apps/web image updated\n', exitCode: 0 });
    expect(s.run("kubectl set image deploy --all '*=nginx:1.29'").stdout).toBe('deployment.apps/api image updated\ndeployment.apps/web image updated\n');
    // Nothing selected: nothing patched, nothing printed.
    expect(s.run('kubectl set image deploy -l tier=none nginx=x')).toMatchObject({ stdout: '', stderr: '', exitCode: 0 });
    expect(s.run('kubectl set image deploy web -l tier=front nginx=x').stderr).toBe('error: name cannot be provided when a selector is specified\n');
    expect(s.run('kubectl set image deploy --all -l tier=front nginx=x').stderr).toBe('error: cannot set --all and --selector at the same time\n');
  });

  it('refuses as kubectl refuses', () => {
    const s = createSession();
    s.run('kubectl create deployment web --image=nginx');
    const err = (line: string) => s.run(line).stderr;
    expect(err('kubectl set image deployment/web nosuch=nginx:1.27')).toBe('error: unable to find container named "nosuch"\n');
    expect(err('kubectl set image deployment web')).toBe('error: at least one image update is required\n');
    expect(err('kubectl set image nginx=nginx:1.27')).toBe('error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n');
    expect(err('kubectl set image deployment/web nginx=nginx:1.27 deploy/other')).toBe('error: all resources must be specified before image changes: deploy/other\n');
    expect(err('kubectl set image svc/kubernetes x=y')).toBe('error: services/kubernetes the object is not a pod or does not have a pod template: *v1.Service\n');
    expect(err('kubectl set env deploy/web A=b')).toBe("error: svcsim: 'kubectl set env' is not simulated (kubectl set image is)\n");
  });
});
