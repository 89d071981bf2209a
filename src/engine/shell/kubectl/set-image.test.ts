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
    expect(s.run('kubectl set image deploy/web -l tier=front nginx=x').stderr).toBe('error: selectors and the all flag cannot be used when passing resource/name arguments\n');
    expect(s.run('kubectl set image -l tier=front nginx=x').stderr).toBe('error: at least one resource must be specified to use a selector\n');
    expect(s.run("kubectl set image deploy -l 'tier in' nginx=x").stderr).toBe(
      `Error from server (BadRequest): Unable to find "apps/v1, Resource=deployments" that match label selector "tier in", field selector "": unable to parse requirement: found '' expected: '('\n`,
    );
    // --all beside a NAME (or TYPE/NAME) selects nothing more: only the named object changes.
    expect(s.run('kubectl set image deploy web --all nginx=nginx:1.30')).toMatchObject({ stdout: 'deployment.apps/web image updated\n', stderr: '', exitCode: 0 });
    // -n picks the namespace the selector lists; there is no -A for set image.
    s.run('kubectl create namespace other');
    s.run('kubectl create deployment web -n other --image=nginx');
    expect(s.run('kubectl set image deploy --all -n other nginx=nginx:1.31').stdout).toBe('deployment.apps/web image updated\n');
    expect(s.run('kubectl set image deploy --all -A nginx=x').stderr).toBe("error: unknown shorthand flag: 'A' in -A\nSee 'kubectl set image --help' for usage.\n");
    // Every container error first, then every object without a pod template (its message ends in
    // a newline of its own, so a blank line follows it among several).
    expect(s.run('kubectl set image deploy,svc --all x=y').stderr).toBe(
      'error: unable to find container named "x"\nerror: unable to find container named "x"\nerror: services/kubernetes the object is not a pod or does not have a pod template: *v1.Service\n\n',
    );
  });

  it('refuses as kubectl refuses', () => {
    const s = createSession();
    s.run('kubectl create deployment web --image=nginx');
    const err = (line: string) => s.run(line).stderr;
    expect(err('kubectl set image deployment/web nosuch=nginx:1.27')).toBe('error: unable to find container named "nosuch"\n');
    expect(err('kubectl set image deployment web')).toBe('error: at least one image update is required\n');
    // The builder runs in Complete, before Validate: no resource is its missingResourceError.
    expect(err('kubectl set image nginx=nginx:1.27')).toBe(
      "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n",
    );
    expect(err('kubectl set image deployment nginx=nginx:1.27')).toBe('error: resource(s) were provided, but no name was specified\n');
    expect(err('kubectl set image deployment/nosuch')).toBe('Error from server (NotFound): deployments.apps "nosuch" not found\n');
    // Validate's refusals come together, one a line, without the prefix.
    expect(err('kubectl set image deploy --all -l app=web')).toBe('cannot set --all and --selector at the same time\nat least one image update is required\n');
    expect(err('kubectl set image deploy/web --local nginx=x')).toBe(
      "error: you must specify resources by --filename when --local is set.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n",
    );
    expect(err('kubectl set image deploy/web nginx=')).toBe('error: failed to patch image update to pod template: Deployment.apps "web" is invalid: spec.template.spec.containers[0].image: Required value\n');
    expect(err('kubectl set image deployment/web nginx=nginx:1.27 deploy/other')).toBe('error: all resources must be specified before image changes: deploy/other\n');
    expect(err('kubectl set image svc/kubernetes x=y')).toBe('error: services/kubernetes the object is not a pod or does not have a pod template: *v1.Service\n');
    expect(err('kubectl set env deploy/web A=b')).toBe("error: svcsim: 'kubectl set env' is not simulated (kubectl set image is)\n");
  });
});
