import { describe, expect, it } from 'vitest';
import { createSession } from '../index.ts';

function run(line: string, s = createSession()) {
  const r = s.run(line);
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
}

describe('where a console line runs', () => {
  it('starts on the control-plane node', () => {
    expect(run('hostname').stdout).toBe('master200\n');
  });

  it('reaches another node by name or address with ssh', () => {
    expect(run('ssh node201 hostname').stdout).toBe('node201\n');
    expect(run('ssh root@172.200.1.202 hostname').stdout).toBe('node202\n');
    expect(run('ssh nope hostname')).toEqual({ stdout: '', stderr: 'ssh: Could not resolve hostname nope: Name or service not known\n', exitCode: 255 });
  });

  it('has no kubeconfig on a worker and no kubectl on the outside client', () => {
    expect(run('ssh node201 kubectl get pods')).toEqual({
      stdout: '',
      stderr: 'The connection to the server localhost:8080 was refused - did you specify the right host or port?\n',
      exitCode: 1,
    });
    expect(run('ssh client kubectl get pods')).toEqual({ stdout: '', stderr: 'bash: kubectl: command not found\n', exitCode: 127 });
  });

  it('runs a command inside a pod with kubectl exec, by pod or by its Deployment', () => {
    const s = createSession();
    s.run('kubectl create deployment web --image=nginx');
    const pod = s.run('kubectl get pods -o jsonpath={.items[0].metadata.name}').stdout;
    expect(run(`kubectl exec ${pod} -- hostname`, s).stdout).toBe(`${pod}\n`);
    expect(run('kubectl exec deploy/web -- hostname', s).stdout).toBe(`${pod}\n`);
    expect(run('kubectl exec nope -- hostname', s).stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
    expect(run(`kubectl exec ${pod} hostname`, s).stderr).toBe(
      'error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\n',
    );
  });
});
