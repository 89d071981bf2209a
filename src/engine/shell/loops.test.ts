/** `for` loops in the console and in containers' shells, as bash and dash run them. */
import { describe, expect, it } from 'vitest';
import { createSession } from '../index.ts';
import { parseCommandLine } from './command-line.ts';
import { WEB_SCENARIO } from './testing/web-scenario.ts';

const WHOAMI = WEB_SCENARIO.replace('nginx:1.27', 'traefik/whoami').replace('replicas: 2', 'replicas: 3');
const CLIENT = `---
apiVersion: v1
kind: Pod
metadata: {name: client}
spec: {containers: [{name: c, image: busybox, command: [sleep, "3600"]}]}
`;

describe('for loops', () => {
  it("spreads a Service's requests over its pods: the classic load-balancing demonstration", () => {
    const s = createSession({ scenario: WHOAMI });
    const ip = s.cluster.get('Service', 'default', 'web')!.spec.clusterIP;
    const out = s.run(`for i in $(seq 1 30); do curl -s ${ip} | head -1; done | sort | uniq -c`).stdout;
    const counts = out.split('\n').filter(Boolean).map((l) => /^ +(\d+) Hostname: web-/.exec(l)?.[1]);
    expect(counts).toHaveLength(3);
    expect(counts.reduce((n, c) => n + Number(c), 0)).toBe(30);
  });

  it('runs the body once per word with the variable set, and keeps the last value after', () => {
    const s = createSession();
    expect(s.run('for i in a "b c" $(echo d e); do echo "[$i]"; done; echo after $i').stdout).toBe('[a]\n[b c]\n[d]\n[e]\nafter e\n');
    expect(s.run('for x in 1 2 3; do echo -n "$x "; done > out.txt; cat out.txt').stdout).toBe('1 2 3 ');
    expect(s.run('for i in 1; do false; done; echo $?').stdout).toBe('1\n');
    expect(s.run('for i in; do echo never; done; echo $?').stdout).toBe('0\n');
    expect(s.run('for a in 1 2; do for b in x y; do echo -n $a$b,; done; done').stdout).toBe('1x,1y,2x,2y,');
  });

  it("runs in a container's shell too (BusyBox's seq prints whole numbers as coreutils does)", () => {
    const s = createSession({ scenario: WHOAMI + CLIENT });
    expect(s.run(`kubectl exec client -- sh -c 'for i in $(seq 1 6); do wget -qO- web; done' | grep -c Hostname`).stdout).toBe('6\n');
  });

  it("refuses a malformed loop in bash's words", () => {
    const error = (line: string) => (parseCommandLine(line) as { error: string }).error;
    expect(error('for i in 1 2; do echo $i')).toBe('syntax error: unexpected end of file');
    expect(error('for i in 1 2; echo $i; done')).toBe("syntax error near unexpected token `echo'");
    expect(error('do echo')).toBe("syntax error near unexpected token `do'");
    expect(error('for i in 1; do done')).toBe("syntax error near unexpected token `done'");
    expect(error('for i in 1; do echo; done x')).toBe("syntax error near unexpected token `x'");
  });
});

describe('while loops, read, break and continue', () => {
  it('reads piped lines one at a time, splitting them over the names, the last taking the rest', () => {
    const s = createSession();
    expect(s.run('kubectl get ns --no-headers | while read name status age; do echo "$name=$status"; done').stdout).toBe(
      'default=Active\nkube-flannel=Active\nkube-node-lease=Active\nkube-public=Active\nkube-system=Active\n',
    );
    expect(s.run('echo "a b  c" | while read x y; do echo "[$x][$y]"; done').stdout).toBe('[a][b  c]\n');
    expect(s.run('n=0; while [ $n != 3 ]; do echo $n; n=$(echo $n | tr 012 123); done').stdout).toBe('0\n1\n2\n');
  });

  it('breaks out and goes on with the next round as bash does, and says so outside a loop', () => {
    const s = createSession();
    expect(s.run('for i in 1 2 3 4; do [ $i = 2 ] && continue; [ $i = 4 ] && break; echo $i; done').stdout).toBe('1\n3\n');
    expect(s.run('until false; do echo once; break; done').stdout).toBe('once\n');
    expect(s.run('break; echo after')).toMatchObject({ stdout: 'after\n', stderr: "bash: break: only meaningful in a `for', `while', or `until' loop\n" });
  });

  it('stops an endless loop after a hundred rounds, and says a terminal would go on', () => {
    const s = createSession();
    expect(s.run('while true; do echo y; done | wc -l')).toMatchObject({ stdout: '100\n', stderr: 'svcsim: the loop stopped after 100 rounds (a terminal would run it until Ctrl-C)\n' });
  });
});

describe('arithmetic commands', () => {
  it('runs ((EXPR)), let and for ((INIT; TEST; STEP)) as bash does (checked against bash 5)', () => {
    const run = (line: string) => createSession().run(line).stdout;
    expect(run('i=0; while ((i < 3)); do echo $i; ((i++)); done')).toBe('0\n1\n2\n');
    expect(run('((0)); echo $?; ((2+2)); echo $?')).toBe('1\n0\n');
    expect(run('let x=5 y=x*2; echo $x $y; let 0; echo $?')).toBe('5 10\n1\n');
    expect(run('for ((i=0;i<2;i++)); do echo $i; done')).toBe('0\n1\n');
  });
});

describe('exit', () => {
  it('ends a shell where it stands, with its status (N mod 256, or the last one), output so far kept', () => {
    const s = createSession();
    expect(s.run("bash -c 'echo a; exit 3; echo b'; echo $?").stdout).toBe('a\n3\n');
    expect(s.run("bash -c 'for i in 1 2 3; do echo $i; [ $i = 2 ] && exit 7; done; echo no'; echo $?").stdout).toBe('1\n2\n7\n');
    expect(s.run("sh -c 'exit 300'; echo $?").stdout).toBe('44\n');
    expect(s.run("bash -c 'false; exit'; echo $?").stdout).toBe('1\n');
    expect(s.run("bash -c 'exit x'; echo $?")).toMatchObject({ stdout: '2\n', stderr: 'bash: exit: x: numeric argument required\n' });
  });

  it('is the shell\'s own: a container exec\'ing exit finds no such program, and the console line goes on', () => {
    const s = createSession({ scenario: 'apiVersion: v1\nkind: Pod\nmetadata: {name: b}\nspec: {containers: [{name: c, image: busybox, command: [sleep, "3600"]}]}\n' });
    const r = s.run('kubectl exec b -- exit 3; echo after $?');
    expect(r.stdout).toBe('after 1\n');
    expect(r.stderr).toMatch(/exec: "exit": executable file not found in \$PATH: unknown\n$/);
    expect(s.run("kubectl exec b -- sh -c 'echo in; exit 4'; echo after $?")).toMatchObject({ stdout: 'in\nafter 4\n', stderr: 'command terminated with exit code 4\n' });
  });

  it("ends a container's command: a pod whose shell exits 1 goes into CrashLoopBackOff, its output in its log", () => {
    const s = createSession({
      scenario: `apiVersion: v1
kind: Pod
metadata: {name: crash}
spec: {containers: [{name: c, image: busybox, command: [sh, -c, "echo starting; exit 1"]}]}
`,
    });
    expect(s.run('kubectl get pod crash --no-headers').stdout).toMatch(/^crash +0\/1 +CrashLoopBackOff +1 \(\d+s ago\) /);
    expect(s.run('kubectl logs crash').stdout).toBe('starting\n');
  });
});

describe('case', () => {
  it('runs the first clause whose pattern matches, as bash does (checked against bash 5)', () => {
    const run = (line: string) => createSession().run(line).stdout;
    expect(run('x=web-1; case $x in db-*) echo db;; web-*|api-*) echo web;; *) echo other;; esac')).toBe('web\n');
    expect(run('case foo in bar) echo no;; esac; echo $?')).toBe('0\n');
    expect(run('for n in 1 2 3; do case $n in 1) echo one;; 2) ;; *) echo many;; esac; done')).toBe('one\nmany\n');
    expect(run('case "a b" in "a b") echo spaced;; esac')).toBe('spaced\n');
    expect(run('case x in (x) echo paren;; esac')).toBe('paren\n');
  });

  it("refuses a malformed one in bash's words", () => {
    const error = (line: string) => (parseCommandLine(line) as { error: string }).error;
    expect(error('case x in x) echo a;; ;; esac')).toBe("syntax error near unexpected token `;;'");
    expect(error('case x in')).toBe('syntax error: unexpected end of file');
    expect(error('a ;; b')).toBe("syntax error near unexpected token `;;'");
  });
});
