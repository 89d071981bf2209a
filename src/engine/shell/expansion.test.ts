/** The console's expansions: bash's rules for what a line's words become before a command runs. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createSession } from '../index.ts';
import { parseCommandLine } from './command-line.ts';
import { expandCommand } from './expansion.ts';
import { ShellVariables } from './variables.ts';
import { WEB_SCENARIO } from './testing/web-scenario.ts';

/** The words of LINE's one command after expansion, with VARS set and `$(...)` answered by `outputs`. */
function expanded(line: string, vars: Record<string, string> = {}, outputs: Record<string, string> = {}): string[] | string {
  const parsed = parseCommandLine(line);
  if (!parsed.ok) throw new Error(parsed.error);
  const v = ShellVariables.rootLogin();
  for (const [k, x] of Object.entries(vars)) v.set(k, x);
  const x = expandCommand(parsed.pipelines[0].commands[0], { vars: v, substitute: (l) => ({ stdout: outputs[l] ?? '', stderr: '', exitCode: 0 }) });
  return x.ok ? x.words : x.error;
}

describe('expansion of one command', () => {
  it('splits what an unquoted expansion gives on blanks, keeps a quoted one whole, and drops an empty unquoted one', () => {
    expect(expanded('echo $X "$X" x$X', { X: ' a  b ' })).toEqual(['echo', 'a', 'b', ' a  b ', 'x', 'a', 'b']);
    expect(expanded('echo $NOPE "" "$NOPE" end')).toEqual(['echo', '', '', 'end']);
    expect(expanded('echo "$@" $@ "x$@" $# $1')).toEqual(['echo', 'x', '0']);
  });

  it('runs command substitutions, their trailing newlines removed, split like any unquoted expansion', () => {
    const out = { 'kubectl get pods -o name': 'pod/a\npod/b\n\n' };
    expect(expanded('echo $(kubectl get pods -o name)', {}, out)).toEqual(['echo', 'pod/a', 'pod/b']);
    expect(expanded('echo "$(kubectl get pods -o name)"', {}, out)).toEqual(['echo', 'pod/a\npod/b']);
    expect(expanded('echo `kubectl get pods -o name`', {}, out)).toEqual(['echo', 'pod/a', 'pod/b']);
    // The substitution's own quotes and parentheses belong to it.
    expect(expanded(`curl http://$(kubectl get svc web -o jsonpath='{.spec.clusterIP}'):80`, {}, { "kubectl get svc web -o jsonpath='{.spec.clusterIP}'": '10.96.0.20' })).toEqual([
      'curl',
      'http://10.96.0.20:80',
    ]);
  });

  it('reads ~, ${NAME}, ${NAME:-word}, ${NAME-word}, ${#NAME} and ${NAME#pattern} and its kin', () => {
    expect(expanded('echo ~ ~/x a~ "~"')).toEqual(['echo', '/root', '/root/x', 'a~', '~']);
    expect(expanded('echo ${E:-d} ${E-d} ${U:-d} ${U-d} ${#P}', { E: '', P: 'pod/web' })).toEqual(['echo', 'd', 'd', 'd', '7']);
    expect(expanded('echo ${P#*/} ${P##*-} ${P%-*} ${P%%-*}', { P: 'pod/web-7d4b9c8f6d-2xkqz' })).toEqual(['echo', 'web-7d4b9c8f6d-2xkqz', '2xkqz', 'pod/web-7d4b9c8f6d', 'pod/web']);
  });

  it('leaves single-quoted and escaped dollars alone, and a dollar before no name', () => {
    expect(expanded(`echo '$X' \\$X "\\$X" $ a$ "$"`, { X: 'no' })).toEqual(['echo', '$X', '$X', '$X', '$', 'a$', '$']);
  });

  it('refuses by name what it does not expand', () => {
    expect(expanded('echo ${X/a/b}')).toBe("svcsim: `${X/a/b}' is not simulated (the console expands $NAME, ${NAME}, ${NAME:-word}, ${NAME#pattern}, ${#NAME}, $?, $(...) and $((...)))");
    expect(expanded('echo ${X/a/b}')).toMatch(/^svcsim: `\$\{X\/a\/b\}' is not simulated/);
    expect(expanded('echo $$')).toMatch(/^svcsim: `\$\$' is not simulated/);
  });

  it('reports an unterminated substitution as bash does', () => {
    expect(parseCommandLine('echo $(kubectl get pods')).toEqual({ ok: false, error: "unexpected EOF while looking for matching `)'" });
    expect(parseCommandLine('echo `hostname')).toEqual({ ok: false, error: 'unexpected EOF while looking for matching ``\'' });
  });

  it('gives back a quoted value exactly, whatever it holds', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', ' ', '\t', '*', '$', '"', '\\', '`', '~', '#', ';', '|', '(', ')', 'é') }), (value) => {
        expect(expanded('echo "$V"', { V: value })).toEqual(['echo', value]);
      }),
    );
  });
});

describe('variables in the console', () => {
  it("runs the Kubernetes tutorial's NodePort lines: export NODE_PORT=$(...), then curl with it", () => {
    const s = createSession({ scenario: WEB_SCENARIO.replace('spec: {selector: {app: web}, ports: [{port: 80}]}', 'spec: {type: NodePort, selector: {app: web}, ports: [{port: 80}]}') });
    expect(s.run(`export NODE_PORT="$(kubectl get services/web -o jsonpath='{.spec.ports[0].nodePort}')"`)).toMatchObject({ stdout: '', stderr: '', exitCode: 0 });
    const port = s.cluster.get('Service', 'default', 'web')!.spec.ports![0].nodePort;
    expect(s.run('echo "NODE_PORT=$NODE_PORT"').stdout).toBe(`NODE_PORT=${port}\n`);
    const node = s.cluster.list('Node').find((n) => n.metadata.name !== 'master200')!;
    const ip = node.status!.addresses!.find((a) => a.type === 'InternalIP')!.address;
    expect(s.run(`curl -s http://${ip}:$NODE_PORT`).stdout).toMatch(/^Hostname: web-/);
    expect(s.run('export -p | grep NODE_PORT').stdout).toBe(`declare -x NODE_PORT="${port}"\n`);
  });

  it('keeps $? as the last status, and a lone assignment takes its substitution\'s', () => {
    const s = createSession();
    expect(s.run('false; echo $?').stdout).toBe('1\n');
    expect(s.run('echo $?').stdout).toBe('0\n');
    expect(s.run('X=$(kubectl get nope); echo $? "[$X]"')).toMatchObject({ stdout: '1 []\n', stderr: 'error: the server doesn\'t have a resource type "nope"\n' });
  });

  it('gives a child shell the exported variables only, and a command substitution a copy', () => {
    const s = createSession();
    expect(s.run(`A=1; export B=2; bash -c 'echo "[$A][$B]"'`).stdout).toBe('[][2]\n');
    expect(s.run('C=0; D=$(C=9; echo $C); echo $C $D').stdout).toBe('0 9\n');
    expect(s.run('unset B; echo "[$B]"').stdout).toBe('[]\n');
    expect(s.run('export 1X=2')).toMatchObject({ stderr: "bash: export: `1X=2': not a valid identifier\n", exitCode: 1 });
  });

  it("expands on the console before ssh or kubectl exec sends the words, and a container's shell expands with its environment", () => {
    const s = createSession({ scenario: WEB_SCENARIO });
    expect(s.run('ssh node201 echo $HOSTNAME \\$HOSTNAME').stdout).toBe('master200 node201\n');
    const pod = s.cluster.list('Pod', 'default')[0].metadata.name;
    expect(s.run(`kubectl exec ${pod} -- echo $HOME`).stdout).toBe('/root\n');
    expect(s.run(`kubectl exec ${pod} -- sh -c 'echo $KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT'`).stdout).toBe('10.96.0.1:443\n');
    expect(s.run(`POD=$(kubectl get pods -o name | head -1); kubectl exec \${POD#pod/} -- hostname`).stdout).toBe(`${s.cluster.list('Pod', 'default')[0].metadata.name}\n`);
  });

  it("lets a command substitution's errors reach the terminal whatever the command redirects", () => {
    const s = createSession();
    expect(s.run('echo $(kubectl get nope) 2>/dev/null')).toMatchObject({ stdout: '\n', stderr: 'error: the server doesn\'t have a resource type "nope"\n' });
  });

  it("runs a pod's `sh -c` command with the container's environment: the Service's variables reach wget", () => {
    const probe = `---
apiVersion: v1
kind: Pod
metadata: {name: probe}
spec:
  restartPolicy: Never
  containers: [{name: probe, image: busybox, command: [sh, -c, 'wget -qO- http://$WEB_SERVICE_HOST:$WEB_SERVICE_PORT']}]
`;
    const s = createSession({ scenario: WEB_SCENARIO + probe });
    expect(s.cluster.get('Pod', 'default', 'probe')!.status!.phase).toBe('Succeeded');
    expect(s.run('kubectl logs probe').stdout).toMatch(/^Hostname: web-/);
  });

  it('computes $((...)) as bash does (outputs checked against bash 5)', () => {
    const run = (line: string) => {
      const r = createSession().run(line);
      return r.stdout + r.stderr;
    };
    expect(run('echo $((1+2*3)) $((2**10)) $((7/2)) $((-7%3)) $((1<<4)) $((5>3)) $((0x1f)) $((010)) $((2#101))')).toBe('7 1024 3 -1 16 1 31 8 5\n');
    expect(run('i=5; echo $((i+1)) $(( i * 2 )) $((i++)) $i $((++i)) $((i+=10)) $i')).toBe('6 10 5 6 7 17 17\n');
    expect(run('echo $((x+1)) $(( (1+2)*3 )) $((1 ? 2 : 3)) $((!0)) $((~0)) $((3&&0)) $((0||4))')).toBe('1 9 2 1 -1 0 1\n');
    expect(run('echo $((9223372036854775807+1))')).toBe('-9223372036854775808\n');
    expect(run('n=0; while [ $n -lt 3 ]; do echo n=$n; n=$((n+1)); done')).toBe('n=0\nn=1\nn=2\n');
    expect(run('echo $((1/0))')).toBe('bash: 1/0: division by 0 (error token is "0")\n');
    expect(run('echo $((1+))')).toBe('bash: 1+: syntax error: operand expected (error token is "+")\n');
    expect(run('echo $((09))')).toBe('bash: 09: value too great for base (error token is "09")\n');
  });
});
