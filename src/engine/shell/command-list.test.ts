import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createSession } from '../index.ts';

function run(line: string, s = createSession()) {
  const r = s.run(line);
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode, ...(r.interleaved !== undefined ? { interleaved: r.interleaved } : {}) };
}

const NOT_FOUND = 'Error from server (NotFound): services "nope" not found\n';

describe('console lines with pipes, lists and redirections', () => {
  it('feeds one command the output of the one before it', () => {
    expect(run('kubectl get svc -o name | cat')).toEqual({ stdout: 'service/kubernetes\n', stderr: '', exitCode: 0 });
  });

  it("ends with the last command's status, and shows every command's stderr", () => {
    expect(run('kubectl get svc nope | cat')).toEqual({ stdout: '', stderr: NOT_FOUND, exitCode: 0 });
    expect(run('echo hi | false')).toEqual({ stdout: '', stderr: '', exitCode: 1 });
  });

  it('runs && only after success and || only after failure; ; always', () => {
    expect(run('kubectl get svc nope && echo found || echo missing; echo done')).toEqual({
      stdout: 'missing\ndone\n',
      stderr: NOT_FOUND,
      exitCode: 0,
      interleaved: `${NOT_FOUND}missing\ndone\n`,
    });
    expect(run('true || echo never && echo then').stdout).toBe('then\n');
  });

  it('sends streams where the redirections say, left to right', () => {
    expect(run('kubectl get svc nope 2>/dev/null')).toEqual({ stdout: '', stderr: '', exitCode: 1 });
    expect(run('kubectl get svc nope 2>&1 | cat')).toEqual({ stdout: NOT_FOUND, stderr: '', exitCode: 0 });
    expect(run('kubectl get svc nope |& cat')).toEqual({ stdout: NOT_FOUND, stderr: '', exitCode: 0 });
    // 2>&1 first points stderr where stdout goes (the terminal, or the pipe); then stdout alone goes to /dev/null.
    expect(run('kubectl get svc nope 2>&1 >/dev/null | cat')).toEqual({ stdout: NOT_FOUND, stderr: '', exitCode: 0 });
    expect(run('kubectl get svc -o name 2>&1 >/dev/null | cat')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(run('kubectl get svc nope >/dev/null 2>&1')).toEqual({ stdout: '', stderr: '', exitCode: 1 });
    expect(run('echo oops >&2')).toEqual({ stdout: '', stderr: 'oops\n', exitCode: 0 });
    expect(run('kubectl get svc -o name &>/dev/null')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
  });

  it('keeps files written on the home node for the session: save, edit-free re-apply, append', () => {
    const s = createSession();
    expect(run('kubectl get svc kubernetes -o yaml > /root/kubernetes.yaml', s)).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(run('cat kubernetes.yaml', s).stdout).toContain('name: kubernetes\n');
    expect(run('kubectl apply -f kubernetes.yaml', s).stdout).toBe('service/kubernetes configured\n');
    run('echo one > notes', s);
    run('echo two >> notes', s);
    expect(run('cat notes', s).stdout).toBe('one\ntwo\n');
    run('kubectl create namespace demo --dry-run=client -o yaml > ns.yaml', s);
    expect(run('kubectl apply -f - < /root/ns.yaml', s)).toEqual({ stdout: 'namespace/demo created\n', stderr: '', exitCode: 0 });
    expect(run('cat < missing.txt', s)).toEqual({ stdout: '', stderr: 'bash: missing.txt: No such file or directory\n', exitCode: 1 });
    expect(run("ssh node201 'hostname > name.txt'", s)).toEqual({ stdout: '', stderr: 'svcsim: files written here are not kept (name.txt); only the console\'s home node has files\n', exitCode: 1 });
  });

  it('runs a quoted pipeline on the other side of ssh, as sshd hands it to bash -c', () => {
    expect(run("ssh node201 'hostname | cat'").stdout).toBe('node201\n');
    expect(run('ssh node201 hostname | cat').stdout).toBe('node201\n');
    expect(run("ssh node201 'hostname |'")).toEqual({ stdout: '', stderr: "bash: -c: line 1: syntax error: unexpected end of file\nbash: -c: line 1: `hostname |'\n", exitCode: 2 });
    expect(run("bash -c 'echo a && echo b'").stdout).toBe('a\nb\n');
  });

  it("says what bash says about bad syntax, and what svcsim does not run", () => {
    expect(run('| grep x')).toEqual({ stdout: '', stderr: "bash: syntax error near unexpected token `|'\n", exitCode: 2 });
    expect(run('kubectl get svc &')).toEqual({ stdout: '', stderr: 'svcsim: background jobs (a command ending in &) are not simulated\n', exitCode: 1 });
  });
});

describe('a pipe changes nothing it carries', () => {
  const lines = ['kubectl get svc -A', 'kubectl get pods -n kube-system -o wide', 'kubectl get svc nope', 'iptables-save -t nat', 'ip route', 'kubectl describe svc kube-dns -n kube-system', 'hostname'];
  it('X | cat prints what X prints on stdout, and X 2>&1 | cat both its streams', () => {
    fc.assert(
      fc.property(fc.constantFrom(...lines), (line) => {
        const alone = createSession().run(line);
        const piped = createSession().run(`${line} | cat`);
        const merged = createSession().run(`${line} 2>&1 | cat`);
        return piped.stdout === alone.stdout && piped.stderr === alone.stderr && merged.stdout === (alone.interleaved ?? alone.stdout + alone.stderr) && merged.stderr === '';
      }),
      { numRuns: 14 },
    );
  });
});

describe("bash's echo", () => {
  it('takes -n and -e as bash does, and prints any other dash word', () => {
    expect(run('echo -n hi | wc -c').stdout).toBe('2\n');
    expect(run("echo -e 'a\\tb\\nc'").stdout).toBe('a\tb\nc\n');
    expect(run('echo -x y').stdout).toBe('-x y\n');
  });
});
