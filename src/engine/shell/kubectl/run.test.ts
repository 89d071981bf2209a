/** kubectl run as kubectl v1.33 runs it (pkg/cmd/run/run.go, generate/versioned/run.go BasicPod, attach.go). */
import { describe, expect, it } from 'vitest';
import { createSession } from '../../index.ts';

function out(r: { stdout: string; stderr: string; exitCode: number }) {
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
}

describe('kubectl run', () => {
  it('generates a pod labelled run=NAME, as --dry-run=client -o yaml shows', () => {
    expect(createSession().run('kubectl run nginx --image=nginx --dry-run=client -o yaml').stdout).toBe(
      `apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: null
  labels:
    run: nginx
  name: nginx
spec:
  containers:
  - image: nginx
    name: nginx
    resources: {}
  dnsPolicy: ClusterFirst
  restartPolicy: Always
status: {}
`,
    );
  });

  it('creates the pod with the arguments after -- as args (or command with --command), ports, env and labels', () => {
    const s = createSession();
    expect(out(s.run('kubectl run client --image=busybox:1.36 --port=8080 --env=MODE=test -l app=client,tier=test -- sleep 3600'))).toEqual({ stdout: 'pod/client created\n', stderr: '', exitCode: 0 });
    const pod = s.cluster.get('Pod', 'default', 'client')!;
    expect(pod.metadata.labels).toEqual({ app: 'client', tier: 'test' });
    expect(pod.spec.containers[0]).toMatchObject({ name: 'client', image: 'busybox:1.36', args: ['sleep', '3600'], env: [{ name: 'MODE', value: 'test' }], ports: [{ containerPort: 8080, protocol: 'TCP' }] });
    expect(pod.status?.phase).toBe('Running');
    s.run('kubectl run cmd --image=busybox --command -- sleep 10');
    expect(s.cluster.get('Pod', 'default', 'cmd')!.spec.containers[0].command).toEqual(['sleep', '10']);
    expect(out(s.run('kubectl run client --image=busybox'))).toEqual({ stdout: '', stderr: 'Error from server (AlreadyExists): pods "client" already exists\n', exitCode: 1 });
  });

  it('--expose creates a ClusterIP Service over the pod, printed first', () => {
    const s = createSession();
    expect(s.run('kubectl run web --image=traefik/whoami --port=80 --expose').stdout).toBe('service/web created\npod/web created\n');
    const svc = s.cluster.get('Service', 'default', 'web')!;
    expect(svc.spec.selector).toEqual({ run: 'web' });
    expect(svc.spec.ports).toEqual([{ port: 80, protocol: 'TCP', targetPort: 80 }]);
    expect(s.run('kubectl get endpoints web').stdout).toMatch(/^NAME\s+ENDPOINTS\s+AGE\nweb\s+10\.244\.\d+\.\d+:80\s+/);
  });

  it('-it --rm runs the command in the new pod, says how to reattach, then deletes the pod', () => {
    const s = createSession();
    s.run('kubectl create deployment web --image=traefik/whoami --replicas=1');
    s.run('kubectl expose deployment web --port=80');
    const r = s.run('kubectl run tmp --rm -it --image=curlimages/curl -- -s http://web');
    expect(r.stderr).toBe("If you don't see a command prompt, try pressing enter.\n");
    expect(r.stdout).toMatch(/^Hostname: web-[a-z0-9]+-[a-z0-9]{5}\n/);
    expect(r.stdout).toMatch(/\nHost: web\r\nUser-Agent: curl\/8\.5\.0\r\n/);
    expect(r.stdout.endsWith("Session ended, resume using 'kubectl attach tmp -c tmp -i -t' command when the pod is running\npod \"tmp\" deleted\n")).toBe(true);
    expect(r.exitCode).toBe(0);
    expect(s.cluster.get('Pod', 'default', 'tmp')).toBeUndefined();
  });

  it('--restart=Never returns the process exit code as the pod terminated', () => {
    const s = createSession();
    const r = s.run('kubectl run probe --rm -i --restart=Never --image=curlimages/curl -- curl -s -m 1 http://10.96.0.99');
    expect(out(r)).toEqual({ stdout: 'pod "probe" deleted\n', stderr: "If you don't see a command prompt, try pressing enter.\npod default/probe terminated (Error)\n", exitCode: 28 });
  });

  it('refuses what kubectl refuses, in its words', () => {
    const s = createSession();
    const err = (line: string) => s.run(line).stderr;
    // --image is required by cobra (run.go addRunFlags MarkFlagRequired) before Run checks the NAME.
    expect(err('kubectl run')).toBe('error: required flag(s) "image" not set\n');
    expect(err('kubectl run --image=nginx')).toBe("error: NAME is required for run\nSee 'kubectl run -h' for help and examples\n");
    expect(err('kubectl run x --image=')).toBe('error: --image is required\n');
    expect(err('kubectl run x --image=Nginx')).toBe('error: Invalid image name "Nginx": invalid reference format\n');
    expect(err('kubectl run x -t --image=nginx')).toBe("error: -i/--stdin is required for containers with -t/--tty=true\nSee 'kubectl run -h' for help and examples\n");
    expect(err('kubectl run x --rm --image=nginx')).toBe("error: --rm should only be used for attached containers\nSee 'kubectl run -h' for help and examples\n");
    expect(err('kubectl run x --restart=Sometimes --image=nginx')).toBe("error: invalid restart policy: Sometimes\nSee 'kubectl run -h' for help and examples\n");
    expect(err('kubectl run x --expose --image=nginx')).toBe("error: --port must be set when exposing a service\nSee 'kubectl run -h' for help and examples\n");
    expect(err('kubectl run x -i --dry-run=client --image=nginx')).toBe(
      "error: --dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)\nSee 'kubectl run -h' for help and examples\n",
    );
    expect(s.cluster.list('Pod', 'default')).toHaveLength(0);
  });
});
