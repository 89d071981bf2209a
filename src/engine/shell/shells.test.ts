import { describe, expect, it } from 'vitest';
import { createSession } from '../index.ts';

const pods = `
apiVersion: v1
kind: Pod
metadata: {name: deb}
spec: {containers: [{name: c, image: nginx:1.27}]}
---
apiVersion: v1
kind: Pod
metadata: {name: bb}
spec: {containers: [{name: c, image: busybox:1.36, command: [sleep, '3600']}]}
---
apiVersion: v1
kind: Pod
metadata: {name: who}
spec: {containers: [{name: c, image: traefik/whoami}]}
`;

function session() {
  const s = createSession();
  expect(s.run('kubectl apply -f -', { stdin: pods }).exitCode).toBe(0);
  return s;
}

const out = (r: { stdout: string; stderr: string; exitCode: number }) => ({ stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode });

describe('a missing command, in each shell\'s words', () => {
  it("dash (Ubuntu's sh) gives its line number and says not found; bash 5.2 names no line, even for -c", () => {
    const s = createSession();
    expect(out(s.run("sh -c 'echo a; foo'"))).toEqual({ stdout: 'a\n', stderr: 'sh: 1: foo: not found\n', exitCode: 127 });
    expect(out(s.run("bash -c 'foo'"))).toEqual({ stdout: '', stderr: 'bash: foo: command not found\n', exitCode: 127 });
    expect(out(s.run('ssh node201 foo'))).toEqual({ stdout: '', stderr: 'bash: foo: command not found\n', exitCode: 127 });
  });
});

describe('sh -c and bash -c', () => {
  it('run a pipeline inside a container, with the shell its image has', () => {
    const s = session();
    expect(s.run('kubectl exec deb -- sh -c "hostname && echo up"').stdout).toBe('deb\nup\n');
    expect(s.run("kubectl exec bb -- sh -c 'false || echo fallback'").stdout).toBe('fallback\n');
    expect(s.run('kubectl exec deb -- bash -c "echo from bash"').stdout).toBe('from bash\n');
  });

  it("word a syntax error as dash, BusyBox ash and bash each do", () => {
    const s = session();
    expect(out(s.run("kubectl exec deb -- sh -c 'echo a |'"))).toEqual({ stdout: '', stderr: 'sh: 1: Syntax error: end of file unexpected\ncommand terminated with exit code 2\n', exitCode: 2 });
    expect(out(s.run("kubectl exec deb -- sh -c '| echo'")).stderr).toBe('sh: 1: Syntax error: "|" unexpected\ncommand terminated with exit code 2\n');
    expect(out(s.run("kubectl exec bb -- sh -c '| echo'")).stderr).toBe('sh: syntax error: unexpected "|"\ncommand terminated with exit code 2\n');
    expect(out(s.run(`kubectl exec bb -- sh -c "echo 'x"`)).stderr).toBe('sh: syntax error: unterminated quoted string\ncommand terminated with exit code 2\n');
    expect(out(s.run("bash -c 'a && && b'"))).toEqual({ stdout: '', stderr: "bash: -c: line 1: syntax error near unexpected token `&&'\nbash: -c: line 1: `a && && b'\n", exitCode: 2 });
    expect(out(s.run("sh -c 'echo >'")).stderr).toBe('sh: 1: Syntax error: newline unexpected\n');
  });

  it('are missing where the image has none: no shell in a scratch image, no bash in BusyBox', () => {
    const s = session();
    expect(s.run('kubectl exec who -- sh -c "echo hi"').stderr).toMatch(/exec: "sh": executable file not found in \$PATH: unknown\n$/);
    expect(s.run('kubectl exec bb -- bash -c "echo hi"').stderr).toMatch(/exec: "bash": executable file not found in \$PATH: unknown\n$/);
  });
});

describe("a container's shell command", () => {
  it('runs to its end when it is a line of commands svcsim has, and keeps running when it loops', () => {
    const s = createSession();
    const pod = (name: string, line: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  restartPolicy: Never
  containers: [{name: c, image: busybox:1.36, command: [sh, -c, ${JSON.stringify(line)}]}]
`;
    expect(s.run('kubectl apply -f -', { stdin: pod('once', 'hostname && echo done') }).exitCode).toBe(0);
    expect(s.run('kubectl apply -f -', { stdin: pod('loop', 'while true; do echo hello; sleep 10; done') }).exitCode).toBe(0);
    // BusyBox's grep with options it shares with GNU's runs too; with others the pod is left running.
    expect(s.run('kubectl apply -f -', { stdin: pod('piped', 'hostname | grep p') }).exitCode).toBe(0);
    expect(s.run('kubectl apply -f -', { stdin: pod('long', 'hostname | grep --count p') }).exitCode).toBe(0);
    s.run('sleep 5');
    expect(s.run('kubectl get pods once loop piped long').stdout).toMatch(/once +0\/1 +Completed .*\nloop +1\/1 +Running .*\npiped +0\/1 +Completed .*\nlong +1\/1 +Running /);
    expect(s.run('kubectl logs piped').stdout).toBe('piped\n');
    expect(s.run('kubectl logs once').stdout).toBe('once\ndone\n');
    expect(s.run("kubectl exec loop -- sh -c 'for i in 1 2; do echo $i; done'").stdout).toBe('1\n2\n');
    expect(s.run("kubectl exec loop -- sh -c 'function f { echo; }'").stderr).toBe("svcsim: `function' is not simulated (lines run commands joined by |, &&, || and ;, for, while and until loops, if and case)\ncommand terminated with exit code 2\n");
  });
});

describe('text filters inside a container', () => {
  it("run in Debian images as on the nodes, reading the pod's own files; BusyBox's where they print what GNU's do", () => {
    const s = session();
    expect(s.run("kubectl exec deb -- sh -c 'env | grep -c KUBERNETES_SERVICE'").stdout).toBe('3\n');
    expect(s.run('kubectl exec deb -- grep nameserver /etc/resolv.conf').stdout).toBe('nameserver 10.96.0.10\n');
    expect(s.run("kubectl exec bb -- sh -c 'grep -c nameserver /etc/resolv.conf; hostname | head -c 1'").stdout).toBe('1\nb');
    // Long options, other options, and anything that makes a message: BusyBox words them its own way.
    expect(s.run('kubectl exec bb -- grep --count x /etc/hosts').stderr).toBe(
      "svcsim: BusyBox's grep is not simulated inside this container for these options (GNU grep on the nodes is)\ncommand terminated with exit code 126\n",
    );
    expect(s.run('kubectl exec bb -- grep x /nowhere').stderr).toMatch(/^svcsim: BusyBox's grep is not simulated/);
    expect(s.run("kubectl exec bb -- sh -c 'echo 3 | wc -l'").stderr).toMatch(/^svcsim: BusyBox's wc is not simulated/);
    expect(s.run('kubectl exec who -- grep x /etc/hosts').stderr).toMatch(/exec: "grep": executable file not found in \$PATH: unknown\n$/);
  });
});
