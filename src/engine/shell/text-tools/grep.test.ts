import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ShellContext } from '../context.ts';
import { createSession } from '../../index.ts';
import { grep } from './grep.ts';

// Expected outputs are GNU grep 3.11's own (Debian's 3.11-4 binary, the package Ubuntu 24.04
// rebuilds unchanged), run in C.UTF-8 on these inputs.
const NAT = `*nat
:KUBE-SERVICES - [0:0]
:KUBE-SVC-TCOU7JCQXEZGVUNU - [0:0]
-A KUBE-SERVICES -d 10.96.0.10/32 -p udp -m comment --comment "kube-system/kube-dns:dns cluster IP" -m udp --dport 53 -j KUBE-SVC-TCOU7JCQXEZGVUNU
-A KUBE-SERVICES -d 10.96.0.1/32 -p tcp -m comment --comment "default/kubernetes:https cluster IP" -m tcp --dport 443 -j KUBE-SVC-NPX46M4PTMTKRN6Y
-A KUBE-SVC-TCOU7JCQXEZGVUNU -m comment --comment "kube-system/kube-dns:dns -> 10.244.0.2:53" -j KUBE-SEP-IT2ZTR26TO4XFPTO
-A KUBE-SEP-IT2ZTR26TO4XFPTO -p udp -m comment --comment "kube-system/kube-dns:dns" -m udp -j DNAT --to-destination 10.244.0.2:53
COMMIT
`;
const PODS = `NAMESPACE     NAME                              READY   STATUS    RESTARTS   AGE   IP              NODE      NOMINATED NODE   READINESS GATES
default       web-7d4b9c8f5-abcde               1/1     Running   0          5m    10.244.1.5      node201   <none>           <none>
default       web-7d4b9c8f5-fghij               1/1     Running   0          5m    10.244.2.7      node202   <none>           <none>
kube-system   coredns-674b8bbfcf-2xkqz          1/1     Running   0          20m   10.244.0.2      node200   <none>           <none>
kube-system   kube-proxy-8k2lm                  1/1     Running   0          20m   192.168.1.201   node201   <none>           <none>
`;
const CTX = 'a\nb\nmatch1\nc\nd\ne\nmatch2\nf\nmatch3\ng\n';
const FILES: Record<string, string> = { 'nat.txt': NAT, 'pods.txt': PODS, 'ctx.txt': CTX, 'nonl.txt': 'last line' };
const STDIN: Record<string, string> = { NAT, PODS, CTX };

/** A console line on an admin node whose files are FILES, with STDIN piped in. */
function context(stdin: string): ShellContext {
  const partial: Pick<ShellContext, 'stdin' | 'host' | 'place' | 'files'> = {
    stdin,
    host: 'node201',
    place: { kind: 'node', node: 'node201', admin: true },
    files: { readFile: (path) => FILES[path] },
  };
  return partial as ShellContext;
}

function run(args: readonly string[], stdin = '') {
  const r = grep(args, context(STDIN[stdin] ?? stdin));
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
}

type Row = [args: string[], stdin: string, stdout: string, stderr: string, exitCode: number];

/** Each row: grep ARGS reading STDIN (NAT, PODS, CTX or the text itself) prints and exits so. */
function check(rows: Row[]) {
  it.each(rows)('grep %j', (args, stdin, stdout, stderr, exitCode) => {
    expect(run(args, stdin)).toEqual({ stdout, stderr, exitCode });
  });
}

describe("grep selects lines from an iptables-save excerpt and a kubectl table", () => {
  const rows: Row[] = [
    [["KUBE-SVC-NPX"], "NAT", "-A KUBE-SERVICES -d 10.96.0.1/32 -p tcp -m comment --comment \"default/kubernetes:https cluster IP\" -m tcp --dport 443 -j KUBE-SVC-NPX46M4PTMTKRN6Y\n", "", 0],
    [["-c", "KUBE-SVC"], "NAT", "4\n", "", 0],
    [["-n", "COMMIT"], "NAT", "8:COMMIT\n", "", 0],
    [["-v", "-e", "^-A", "-e", "^:"], "NAT", "*nat\nCOMMIT\n", "", 0],
    [["-o", "KUBE-SVC-[A-Z0-9]\\+"], "NAT", "KUBE-SVC-TCOU7JCQXEZGVUNU\nKUBE-SVC-TCOU7JCQXEZGVUNU\nKUBE-SVC-NPX46M4PTMTKRN6Y\nKUBE-SVC-TCOU7JCQXEZGVUNU\n", "", 0],
    [["-ci", "KUBE-sep"], "NAT", "2\n", "", 0],
    [["-w", "10.96.0.1"], "NAT", "-A KUBE-SERVICES -d 10.96.0.1/32 -p tcp -m comment --comment \"default/kubernetes:https cluster IP\" -m tcp --dport 443 -j KUBE-SVC-NPX46M4PTMTKRN6Y\n", "", 0],
    [["-x", "COMMIT"], "NAT", "COMMIT\n", "", 0],
    [["-x", "commit"], "NAT", "", "", 1],
    [["-q", "udp"], "NAT", "", "", 0],
    [["-q", "sctp"], "NAT", "", "", 1],
    [["-l", "udp"], "NAT", "(standard input)\n", "", 0],
    [["-L", "udp"], "NAT", "", "", 0],
    [["-L", "sctp"], "NAT", "(standard input)\n", "", 1],
    [["-H", "-m1", "KUBE-SEP"], "NAT", "(standard input):-A KUBE-SVC-TCOU7JCQXEZGVUNU -m comment --comment \"kube-system/kube-dns:dns -> 10.244.0.2:53\" -j KUBE-SEP-IT2ZTR26TO4XFPTO\n", "", 0],
    [["-m", "2", "-c", "KUBE"], "NAT", "2\n", "", 0],
    [["-vc", "KUBE"], "NAT", "2\n", "", 0],
    [["node201"], "PODS", "default       web-7d4b9c8f5-abcde               1/1     Running   0          5m    10.244.1.5      node201   <none>           <none>\nkube-system   kube-proxy-8k2lm                  1/1     Running   0          20m   192.168.1.201   node201   <none>           <none>\n", "", 0],
    [["-E", "node20(1|2)"], "PODS", "default       web-7d4b9c8f5-abcde               1/1     Running   0          5m    10.244.1.5      node201   <none>           <none>\ndefault       web-7d4b9c8f5-fghij               1/1     Running   0          5m    10.244.2.7      node202   <none>           <none>\nkube-system   kube-proxy-8k2lm                  1/1     Running   0          20m   192.168.1.201   node201   <none>           <none>\n", "", 0],
    [["-in", "RUNNING.*node200"], "PODS", "4:kube-system   coredns-674b8bbfcf-2xkqz          1/1     Running   0          20m   10.244.0.2      node200   <none>           <none>\n", "", 0],
    [["-o", "10\\.244\\.[[:digit:]]\\+\\.[[:digit:]]\\+"], "PODS", "10.244.1.5\n10.244.2.7\n10.244.0.2\n", "", 0],
    [["-wc", "node20"], "PODS", "0\n", "", 1],
    [["-c", ""], "PODS", "5\n", "", 0],
    [["-F", "-e", "node201", "-e", "node202", "-c"], "PODS", "3\n", "", 0],
    [["node201\nnode200"], "PODS", "default       web-7d4b9c8f5-abcde               1/1     Running   0          5m    10.244.1.5      node201   <none>           <none>\nkube-system   coredns-674b8bbfcf-2xkqz          1/1     Running   0          20m   10.244.0.2      node200   <none>           <none>\nkube-system   kube-proxy-8k2lm                  1/1     Running   0          20m   192.168.1.201   node201   <none>           <none>\n", "", 0],
    [["x"], "", "", "", 1],
    [["-c", "x"], "", "0\n", "", 1],
    [["last"], "nonl.txt-less\nlast", "last\n", "", 0],
  ];
  check(rows);
});

describe("grep reads basic regular expressions by default, extended ones with -E, fixed strings with -F", () => {
  const rows: Row[] = [
    [["-c", "dport 53\\|dport 443"], "NAT", "2\n", "", 0],
    [["-c", "dport 53|dport 443"], "NAT", "0\n", "", 1],
    [["-cE", "dport (53|443)"], "NAT", "2\n", "", 0],
    [["-cE", "dport 53\\|dport 443"], "NAT", "0\n", "", 1],
    [["-oE", "[0-9]{1,3}(\\.[0-9]{1,3}){3}"], "NAT", "10.96.0.10\n10.96.0.1\n10.244.0.2\n10.244.0.2\n", "", 0],
    [["-o", "[0-9]\\{1,3\\}\\(\\.[0-9]\\{1,3\\}\\)\\{3\\}"], "NAT", "10.96.0.10\n10.96.0.1\n10.244.0.2\n10.244.0.2\n", "", 0],
    [["-c", "[0-9]{1,3}"], "NAT", "0\n", "", 1],
    [["a+b"], "a+b\naab\n", "a+b\n", "", 0],
    [["-E", "a+b"], "a+b\naab\n", "aab\n", "", 0],
    [["a\\+b"], "a+b\naab\n", "aab\n", "", 0],
    [["-F", "a+b"], "a+b\naab\n", "a+b\n", "", 0],
    [["(x)"], "(x)\nx\n", "(x)\n", "", 0],
    [["-E", "(x)"], "(x)\nx\n", "(x)\nx\n", "", 0],
    [["a{2}"], "a{2}\naa\n", "a{2}\n", "", 0],
    [["-E", "a{2}"], "a{2}\naa\n", "aa\n", "", 0],
    [["-E", "a{x"], "a{2}\naa\n", "", "", 1],
    [["*x"], "x*\n*x\n", "*x\n", "", 0],
    [["-E", "*x"], "x*\n*x\n", "x*\n*x\n", "grep: warning: * at start of expression\n", 0],
    [["a^b"], "a^b\nab\n", "a^b\n", "", 0],
    [["a$b"], "a$b\nab\n", "a$b\n", "", 0],
    [["-E", "(ab) \\1"], "ab ab\nabab\n", "ab ab\n", "", 0],
    [["\\(ab\\)\\1"], "ab ab\nabab\n", "abab\n", "", 0],
    [["-o", "/api/v[0-9]"], "/api/v1\n", "/api/v1\n", "", 0],
    [["\\/api"], "/api/v1\n", "/api/v1\n", "", 0],
    [["-o", "\\<kube\\>"], "kube-proxy\n", "kube\n", "", 0],
    [["-ow", "KUBE-SVC"], "KUBE-SVC-X KUBE-SVC\n", "KUBE-SVC\nKUBE-SVC\n", "", 0],
    [["-oE", "KUBE-SVC|KUBE-SVC-[A-Z]+"], "KUBE-SVC-X KUBE-SVC\n", "KUBE-SVC-X\nKUBE-SVC\n", "", 0],
    [["-oE", "(a|ab)(c|bcd)"], "abcd\n", "abcd\n", "", 0],
    [["-F", "10.96.0.10"], "10.96.0.10\n10x96y0z10\n", "10.96.0.10\n", "", 0],
    [["10.96.0.10"], "10.96.0.10\n10x96y0z10\n", "10.96.0.10\n10x96y0z10\n", "", 0],
    [["-F", "-x", "a.b"], "a.b\n", "a.b\n", "", 0],
    [["-c", "[[:blank:]]"], "Tab\there\n", "1\n", "", 0],
    [["-o", "[[:upper:]]\\+"], "UPPER lower\n", "UPPER\n", "", 0],
    [["-oi", "[[:upper:]]\\+"], "UPPER lower\n", "UPPER\nlower\n", "", 0],
  ];
  check(rows);
});

describe("grep prints context with - and -- exactly where GNU grep does", () => {
  const rows: Row[] = [
    [["-n", "-A1", "match"], "CTX", "3:match1\n4-c\n--\n7:match2\n8-f\n9:match3\n10-g\n", "", 0],
    [["-B1", "match"], "CTX", "b\nmatch1\n--\ne\nmatch2\nf\nmatch3\n", "", 0],
    [["-C1", "match"], "CTX", "b\nmatch1\nc\n--\ne\nmatch2\nf\nmatch3\ng\n", "", 0],
    [["-2", "match"], "CTX", "a\nb\nmatch1\nc\nd\ne\nmatch2\nf\nmatch3\ng\n", "", 0],
    [["-A0", "match"], "CTX", "match1\n--\nmatch2\n--\nmatch3\n", "", 0],
    [["-C0", "-n", "match"], "CTX", "3:match1\n--\n7:match2\n--\n9:match3\n", "", 0],
    [["-m1", "-A2", "match"], "CTX", "match1\nc\nd\n", "", 0],
    [["-m2", "-A5", "-n", "match"], "CTX", "3:match1\n4-c\n5-d\n6-e\n7:match2\n8-f\n9-match3\n10-g\n", "", 0],
    [["-vn", "-A1", "[a-f]"], "CTX", "10:g\n", "", 0],
    [["-o", "-A1", "match."], "CTX", "match1\n--\nmatch2\nmatch3\n", "", 0],
    [["-vo", "-C1", "-n", "match"], "CTX", "3-match\n7-match\n9-match\n", "", 0],
    [["-c", "-A1", "match"], "CTX", "3\n", "", 0],
    [["-A1", "--group-separator=***", "match"], "CTX", "match1\nc\n***\nmatch2\nf\nmatch3\ng\n", "", 0],
    [["-A1", "--no-group-separator", "match"], "CTX", "match1\nc\nmatch2\nf\nmatch3\ng\n", "", 0],
    [["-A1", "match2", "-", "ctx.txt"], "CTX", "(standard input):match2\n(standard input)-f\n--\nctx.txt:match2\nctx.txt-f\n", "", 0],
    [["-hA1", "match3", "ctx.txt", "-"], "CTX", "match3\ng\n--\nmatch3\ng\n", "", 0],
  ];
  check(rows);
});

describe("grep names files when it reads several, and says which are missing", () => {
  const rows: Row[] = [
    [["-n", "match2", "ctx.txt", "nat.txt"], "CTX", "ctx.txt:7:match2\n", "", 0],
    [["-c", "match", "ctx.txt", "-"], "CTX", "ctx.txt:3\n(standard input):3\n", "", 0],
    [["-l", "match", "ctx.txt", "nat.txt", "-"], "CTX", "ctx.txt\n(standard input)\n", "", 0],
    [["-L", "match", "ctx.txt", "nat.txt"], "CTX", "nat.txt\n", "", 0],
    [["match1", "nope.txt", "ctx.txt"], "CTX", "ctx.txt:match1\n", "grep: nope.txt: No such file or directory\n", 2],
    [["-s", "match1", "nope.txt", "ctx.txt"], "CTX", "ctx.txt:match1\n", "", 2],
    [["-q", "match1", "nope.txt", "ctx.txt"], "CTX", "", "grep: nope.txt: No such file or directory\n", 0],
    [["-q", "zzz", "nope.txt", "ctx.txt"], "CTX", "", "grep: nope.txt: No such file or directory\n", 2],
    [["-h", "match1", "ctx.txt", "ctx.txt"], "CTX", "match1\nmatch1\n", "", 0],
    [["-H", "match1"], "CTX", "(standard input):match1\n", "", 0],
    [["--label=pods", "-H", "-c", "match"], "CTX", "pods:3\n", "", 0],
    [["x", "nonl.txt"], "CTX", "", "", 1],
    [["-c", "e", "ctx.txt", "nonl.txt"], "CTX", "ctx.txt:1\nnonl.txt:1\n", "", 0],
  ];
  check(rows);
});

describe("grep reads options as getopt_long does", () => {
  const rows: Row[] = [
    [["-in", "MATCH1"], "CTX", "3:match1\n", "", 0],
    [["-A1", "-m1", "match"], "CTX", "match1\nc\n", "", 0],
    [["match1", "-n"], "CTX", "3:match1\n", "", 0],
    [["-e", "match1", "-e", "match3", "-c"], "CTX", "2\n", "", 0],
    [["--max-count=1", "--line-number", "match"], "CTX", "3:match1\n", "", 0],
    [["--max", "1", "match"], "CTX", "match1\n", "", 0],
    [["--regexp=match2"], "CTX", "match2\n", "", 0],
    [["--", "-x"], "CTX", "", "", 1],
    [["-e", "-x"], "-x\n", "-x\n", "", 0],
    [["\\-x"], "-x\n", "-x\n", "", 0],
    [["-yc", "MATCH"], "CTX", "3\n", "", 0],
    [["-i", "--no-ignore-case", "-c", "MATCH"], "CTX", "0\n", "", 1],
    [["--color=auto", "match2"], "CTX", "match2\n", "", 0],
    [["--colour=never", "match2"], "CTX", "match2\n", "", 0],
    [["-12", "-c", "match"], "CTX", "3\n", "", 0],
    [["-m", "-1", "match"], "CTX", "match1\nmatch2\nmatch3\n", "", 0],
    [["-m0", "-c", "match"], "CTX", "", "", 1],
    [["-m", " 1", "match"], "CTX", "match1\n", "", 0],
    [["-A", "+1", "match3"], "CTX", "match3\ng\n", "", 0],
  ];
  check(rows);
});

describe("grep refuses what GNU grep refuses, in its words, with status 2", () => {
  const rows: Row[] = [
    [["-k", "x"], "CTX", "", "grep: invalid option -- 'k'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n", 2],
    [["--bogus", "x"], "CTX", "", "grep: unrecognized option '--bogus'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n", 2],
    [["--bogus=1", "x"], "CTX", "", "grep: unrecognized option '--bogus=1'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n", 2],
    [[], "CTX", "", "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n", 2],
    [["-c"], "CTX", "", "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n", 2],
    [["-e"], "CTX", "", "grep: option requires an argument -- 'e'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n", 2],
    [["--regexp"], "CTX", "", "grep: option '--regexp' requires an argument\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n", 2],
    [["--count=1", "x"], "CTX", "", "grep: option '--count' doesn't allow an argument\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n", 2],
    [["--co", "x"], "CTX", "", "grep: option '--co' is ambiguous; possibilities: '--context' '--color' '--colour' '--count'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n", 2],
    [["--fi", "x"], "CTX", "", "grep: option '--fi' is ambiguous; possibilities: '--fixed-regexp' '--file' '--files-with-matches' '--files-without-match'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n", 2],
    [["-A", "x", "y"], "CTX", "", "grep: x: invalid context length argument\n", 2],
    [["-A", "-1", "y"], "CTX", "", "grep: -1: invalid context length argument\n", 2],
    [["-C", "", "y"], "CTX", "", "grep: : invalid context length argument\n", 2],
    [["-m", "x", "y"], "CTX", "", "grep: invalid max count\n", 2],
    [["--context=2x", "y"], "CTX", "", "grep: 2x: invalid context length argument\n", 2],
    [["-E", "-F", "x"], "CTX", "", "grep: conflicting matchers specified\n", 2],
    [["-P", "-e", "a", "-e", "b"], "CTX", "", "grep: the -P option only supports a single pattern\n", 2],
    [["-f", "nope.txt"], "CTX", "", "grep: nope.txt: No such file or directory\n", 2],
    [["--binary-files=foo", "x"], "CTX", "", "grep: unknown binary-files type\n", 2],
    [["-u", "match1"], "CTX", "match1\n", "grep: warning: --unix-byte-offsets (-u) is obsolete\n", 0],
    [["\\(x"], "CTX", "", "grep: Unmatched ( or \\(\n", 2],
    [["x\\)"], "CTX", "", "grep: Unmatched ) or \\)\n", 2],
    [["-E", "(x"], "CTX", "", "grep: Unmatched ( or \\(\n", 2],
    [["-E", "x)"], "CTX", "", "", 1],
    [["[x"], "CTX", "", "grep: Unmatched [, [^, [:, [., or [=\n", 2],
    [["["], "CTX", "", "grep: Invalid regular expression\n", 2],
    [["[[:foo:]]"], "CTX", "", "grep: Invalid character class name\n", 2],
    [["[[:alpha:]"], "CTX", "", "grep: Unmatched [, [^, [:, [., or [=\n", 2],
    [["[:space:]"], "CTX", "", "grep: character class syntax is [[:space:]], not [:space:]\n", 2],
    [["[z-a]"], "CTX", "", "grep: Invalid range end\n", 2],
    [["x\\"], "CTX", "", "grep: Trailing backslash\n", 2],
    [["\\1"], "CTX", "", "grep: Invalid back reference\n", 2],
    [["\\(a\\1\\)"], "CTX", "", "grep: Invalid back reference\n", 2],
    [["a\\{1"], "CTX", "", "grep: Unmatched \\{\n", 2],
    [["a\\{1,x\\}"], "CTX", "", "grep: Invalid content of \\{\\}\n", 2],
    [["a\\{2,1\\}"], "CTX", "", "grep: Invalid content of \\{\\}\n", 2],
    [["-E", "a{2,1}"], "CTX", "", "grep: Invalid content of \\{\\}\n", 2],
    [["-E", "a{}"], "CTX", "", "grep: Invalid content of \\{\\}\n", 2],
    [["a\\{32768\\}"], "CTX", "", "grep: Regular expression too big\n", 2],
    [["-e", "\\(", "-e", "["], "CTX", "", "grep: Unmatched ( or \\(\ngrep: Invalid regular expression\n", 2],
    [["-E", "*match1"], "CTX", "match1\n", "grep: warning: * at start of expression\n", 0],
    [["-E", "a|+b"], "CTX", "a\nb\nmatch1\nmatch2\nmatch3\n", "grep: warning: + at start of expression\n", 0],
    [["-cE", "{1}match"], "CTX", "3\n", "grep: warning: {...} at start of expression\n", 0],
  ];
  check(rows);
});

describe('grep beyond the table', () => {
  it('prints its --help and refuses the options svcsim does not run by name', () => {
    const help = run(['--help']);
    expect(help.exitCode).toBe(0);
    expect(help.stdout.split('\n').slice(0, 2)).toEqual(['Usage: grep [OPTION]... PATTERNS [FILE]...', 'Search for PATTERNS in each FILE.']);
    expect(help.stdout.endsWith('General help using GNU software: <https://www.gnu.org/gethelp/>\n')).toBe(true);
    // An unknown --color value is a request for help, as grep.c reads it.
    expect(run(['--color=sometimes', 'x']).stdout).toBe(help.stdout);
    expect(run(['-r', 'x'])).toEqual({ stdout: '', stderr: 'svcsim: grep -r is not simulated\n', exitCode: 2 });
  });

  it('reads the files a console session wrote, through the shell', () => {
    const s = createSession();
    s.run('echo kube-proxy > a.txt');
    s.run('echo coredns > b.txt');
    const r = s.run('grep -c o a.txt b.txt nope.txt');
    expect({ stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode }).toEqual({ stdout: 'a.txt:1\nb.txt:1\n', stderr: 'grep: nope.txt: No such file or directory\n', exitCode: 2 });
    expect(s.run('cat a.txt b.txt | grep -n core').stdout).toBe('2:coredns\n');
  });

  const lines = fc.array(fc.stringMatching(/^[ab.x-]{0,5}$/), { maxLength: 10 });
  const pattern = fc.stringMatching(/^(a|b|x|\.|\*|\[ab\]|\^|-)+$/).filter((p) => !p.startsWith('-'));
  const numbers = (out: string) => (out ? out.slice(0, -1).split('\n').map((l) => Number(l.slice(0, l.indexOf(':')))) : []);

  it('splits the input between a pattern and its inverse: each line is in exactly one', () => {
    fc.assert(
      fc.property(lines, pattern, fc.boolean(), (ls, p, extended) => {
        const text = ls.map((l) => `${l}\n`).join('');
        const syntax = extended ? ['-E'] : [];
        const yes = numbers(run([...syntax, '-n', '-e', p], text).stdout);
        const no = numbers(run([...syntax, '-vn', '-e', p], text).stdout);
        expect([...yes, ...no].sort((m, n) => m - n)).toEqual(ls.map((_, k) => k + 1));
      }),
      { numRuns: 200 },
    );
  });

  it('counts (-c) the lines it would print, and says so in its exit status', () => {
    fc.assert(
      fc.property(lines, pattern, fc.boolean(), (ls, p, invert) => {
        const text = ls.map((l) => `${l}\n`).join('');
        const flags = invert ? ['-v'] : [];
        const printed = run([...flags, '-e', p], text);
        const count = run([...flags, '-c', '-e', p], text);
        const n = printed.stdout ? printed.stdout.split('\n').length - 1 : 0;
        expect(count.stdout).toBe(`${n}\n`);
        expect(count.exitCode).toBe(n ? 0 : 1);
        expect(printed.exitCode).toBe(count.exitCode);
      }),
      { numRuns: 200 },
    );
  });
});
