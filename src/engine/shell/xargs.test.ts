import { describe, expect, it } from 'vitest';
import { createSession } from '../index.ts';

const out = (r: { stdout: string; stderr: string; exitCode: number }) => ({ stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode });

describe('xargs (GNU findutils)', () => {
  it("runs a command on its input's words: all at once, -n at a time, or once per line with -I", () => {
    const s = createSession();
    s.run('kubectl create deployment web --image=nginx --replicas=2');
    s.run('kubectl create deployment api --image=nginx');
    expect(s.run('kubectl get deploy -o name | xargs kubectl delete').stdout).toBe('deployment.apps "api" deleted\ndeployment.apps "web" deleted\n');
    expect(s.run('echo a b c | xargs -n 2 echo').stdout).toBe('a b\nc\n');
    expect(s.run('echo "a b" | xargs -I X echo [X]').stdout).toBe('[a b]\n');
    expect(s.run("echo \"'quoted words' plain\" | xargs -n 1").stdout).toBe('quoted words\nplain\n');
  });

  it('runs once on empty input unless -r, and says what it could not run', () => {
    const s = createSession();
    expect(s.run('true | xargs echo nothing').stdout).toBe('nothing\n');
    expect(s.run('true | xargs -r echo nothing').stdout).toBe('');
    expect(out(s.run('echo x | xargs nosuch'))).toEqual({ stdout: '', stderr: 'xargs: nosuch: No such file or directory\n', exitCode: 127 });
    expect(s.run('echo nope | xargs kubectl get svc').exitCode).toBe(123);
  });
});

describe('xargs and the shell builtins', () => {
  it('cannot exec a builtin only a shell has, as GNU xargs cannot (exit 127)', () => {
    const s = createSession();
    expect(s.run('echo 3 | xargs exit; echo after $?')).toMatchObject({ stdout: 'after 127\n', stderr: 'xargs: exit: No such file or directory\n' });
  });
});
