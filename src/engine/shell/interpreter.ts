/**
 * The console language: one line, run as root on a host of the simulated cluster (by default
 * the control-plane node), on another node (`ssh NODE CMD`), on an outside client
 * (`ssh client CMD`) or inside a pod (`kubectl exec POD -- CMD`). The same interpreter serves
 * the `svcsim` command and the browser's terminal.
 */
import { failure, type CommandOutput, type Place, type ShellContext } from './context.ts';
import { runKubectl } from './kubectl/index.ts';
import { nodePlace, placeName } from './places.ts';
import { parseCommandLine, type Pipeline, type SimpleCommand } from './command-line.ts';
import { LoopControl, needsExpansion, runPipelines, ShellExit } from './command-list.ts';
import { expandCommand, type ExpandedCommand } from './expansion.ts';
import { ShellVariables } from './variables.ts';
import { testBuiltin } from './test-builtin.ts';
import { printf } from './printf.ts';
import { ArithmeticError, evaluateArithmetic } from './arithmetic.ts';
import { containerEnvironment, execNotFound } from './dns-commands.ts';
import { TEXT_TOOLS } from './text-tools/index.ts';
import { busyboxAgrees } from './text-tools/busybox.ts';
import { hostShells, interactiveLine, podShells, podTextTools, type Flavour } from './shells.ts';
import { xargs } from './xargs.ts';
import { imageShell } from '../dns/tools/image-tools.ts';
import { conntrack, ip, iptables, iptablesSave } from './net-commands.ts';
import { nft } from './nft-command.ts';
import { ipset, ipvsadm } from './ipvs-commands.ts';
import { curl } from './curl.ts';
import { wget } from './wget.ts';
import { NODE_DNS_COMMANDS, POD_DNS_COMMANDS } from './dns-commands.ts';

type Builtin = (args: readonly string[], ctx: ShellContext) => CommandOutput;

/** Longest `sleep` the console accepts: enough to age objects by days, never a hang. */
const MAX_SLEEP_SECONDS = 10 * 365 * 24 * 3600;

const cat: Builtin = (args, ctx) => {
  let stdout = '';
  let stderr = '';
  for (const path of args) {
    const text = ctx.place.kind === 'node' && ctx.place.admin ? ctx.files.readFile(path) : undefined;
    if (text === undefined) stderr += `cat: ${path}: No such file or directory\n`;
    else stdout += text;
  }
  if (!args.length && ctx.stdin !== undefined) stdout = ctx.stdin;
  return { stdout, stderr, exitCode: stderr ? 1 : 0 };
};

// The simulated clock moves only when told: `sleep 30` ages every object by 30 seconds.
const sleep: Builtin = (args, ctx) => {
  const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(args[0] ?? '');
  if (!m) {
    return failure(
      args.length ? `sleep: invalid time interval '${args[0]}'\nTry 'sleep --help' for more information.` : "sleep: missing operand\nTry 'sleep --help' for more information.",
    );
  }
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
  ctx.cluster.tick(Math.min(Number(m[1]) * unit, MAX_SLEEP_SECONDS));
  return { stdout: '', stderr: '', exitCode: 0 };
};

/** `ssh [user@]HOST CMD...`: another node by name or address, or an outside client. */
const ssh: Builtin = (args, ctx) => {
  const rest = [...args];
  while (rest[0]?.startsWith('-')) rest.splice(0, rest[0] === '-o' || rest[0] === '-p' || rest[0] === '-i' || rest[0] === '-l' ? 2 : 1);
  const target = rest.shift();
  if (!target) return failure('usage: ssh [user@]hostname [command]', 255);
  const host = target.includes('@') ? target.slice(target.indexOf('@') + 1) : target;
  const client = ctx.clients.find((c) => c.name === host || c.ip === host);
  const place: Place | undefined = client ? { kind: 'client', client } : nodePlace(ctx.cluster, host);
  if (!place) return failure(`ssh: Could not resolve hostname ${host}: Name or service not known`, 255);
  if (!rest.length) return ctx.enter ? ctx.enter(place, 'login') : failure(`svcsim: ssh needs a command to run there, e.g. ssh ${host} ip route`, 255);
  // sshd hands the words, joined by spaces, to the user's shell: `bash -c LINE` parses them again.
  return ctx.runIn(place, ['bash', '-c', rest.join(' ')]);
};


/** kubectl on a worker has no kubeconfig, as on a kubeadm node; on the control plane root has admin.conf. */
const kubectl: Builtin = (args, ctx) => {
  if (ctx.place.kind === 'node' && !ctx.place.admin) {
    return failure('The connection to the server localhost:8080 was refused - did you specify the right host or port?');
  }
  return runKubectl(args, ctx);
};

/** bash's `declare -x` listing of a value: double quotes, with `"`, `\\`, `$` and `` ` `` escaped. */
const declared = (value: string) => `"${value.replace(/["\\$`]/g, (c) => `\\${c}`)}"`;

/**
 * The shell builtins `export` and `unset` (bash's, dash's and ash's agree on what svcsim does).
 * They exist only inside a shell: a container exec'ing `export` finds no such program.
 */
const exportBuiltin: Builtin = (args, ctx) => {
  const vars = ctx.vars;
  if (!vars) return execNotFound(ctx, 'export');
  const names = args.filter((a) => a !== '-p' && a !== '--');
  if (!names.length) return { stdout: vars.exported().map(([k, v]) => `declare -x ${k}=${declared(v)}\n`).join(''), stderr: '', exitCode: 0 };
  let stderr = '';
  for (const a of names) {
    const eq = a.indexOf('=');
    const name = eq < 0 ? a : a.slice(0, eq);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      stderr += `bash: export: \`${a}': not a valid identifier\n`;
      continue;
    }
    if (eq >= 0) vars.set(name, a.slice(eq + 1));
    vars.export(name);
  }
  return { stdout: '', stderr, exitCode: stderr ? 1 : 0 };
};

const unsetBuiltin: Builtin = (args, ctx) => {
  const vars = ctx.vars;
  if (!vars) return execNotFound(ctx, 'unset');
  let stderr = '';
  for (const a of args) {
    if (a === '-v' || a === '--') continue;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(a)) stderr += `bash: unset: \`${a}': not a valid identifier\n`;
    else vars.unset(a);
  }
  return { stdout: '', stderr, exitCode: stderr ? 1 : 0 };
};

/**
 * The shell's `read [-r] [NAME...]`: one line of input split on blanks, the last name taking the
 * rest (REPLY, unsplit, without names); status 1 at the end of the input, also for a last line
 * that has no newline (its words are still read), as bash does. A loop's rounds share its input.
 */
const readBuiltin: Builtin = (args, ctx) => {
  const vars = ctx.vars;
  if (!vars) return execNotFound(ctx, 'read');
  let raw = false;
  const names: string[] = [];
  for (const a of args) {
    if (a === '-r') raw = true;
    else if (a.startsWith('-')) return failure(`svcsim: read ${a} is not simulated (read [-r] NAME... is)`, 2);
    else if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(a)) return failure(`bash: read: \`${a}': not a valid identifier`);
    else names.push(a);
  }
  const input = ctx.input ?? { text: ctx.stdin ?? '', at: 0 };
  if (input.at >= input.text.length) {
    for (const n of names.length ? names : ['REPLY']) vars.set(n, '');
    return { stdout: '', stderr: '', exitCode: 1 };
  }
  const end = input.text.indexOf('\n', input.at);
  let line = input.text.slice(input.at, end < 0 ? undefined : end);
  input.at = end < 0 ? input.text.length : end + 1;
  if (!raw) line = line.replace(/\\(.)/g, '$1');
  if (!names.length) vars.set('REPLY', line);
  else {
    let rest = line.replace(/^[ \t]+/, '');
    names.forEach((n, i) => {
      if (i === names.length - 1) {
        vars.set(n, rest.replace(/[ \t]+$/, ''));
        return;
      }
      const m = /^([^ \t]*)[ \t]*/.exec(rest)!;
      vars.set(n, m[1]);
      rest = rest.slice(m[0].length);
    });
  }
  return { stdout: '', stderr: '', exitCode: end < 0 ? 1 : 0 };
};

/** `let EXPR...` and `((EXPR))`: each evaluated; status 0 when the last is not zero. */
function letBuiltin(args: readonly string[], ctx: ShellContext): CommandOutput {
  if (!ctx.vars) return execNotFound(ctx, 'let');
  if (!args.length) return failure('bash: let: expression expected');
  let last = 0n;
  try {
    for (const a of args) last = evaluateArithmetic(a, ctx.vars);
  } catch (e) {
    if (e instanceof ArithmeticError) return failure(`bash: ${e.message}`);
    throw e;
  }
  return { stdout: '', stderr: '', exitCode: last !== 0n ? 0 : 1 };
}

/** `break` and `continue`: the innermost loop takes them (command-list.ts); outside one, bash says so and goes on. */
function loopControl(kind: 'break' | 'continue', ctx: ShellContext): CommandOutput {
  if (!ctx.loops) return { stdout: '', stderr: `bash: ${kind}: only meaningful in a \`for', \`while', or \`until' loop\n`, exitCode: 0 };
  throw new LoopControl(kind);
}

const COMMON: Record<string, Builtin> = {
  exit: (args, ctx) => {
    // A shell's own: a container exec'ing `exit` finds no such program.
    if (!ctx.vars) return execNotFound(ctx, 'exit');
    // bash's exit: N modulo 256, else the last status; a word that is no number is status 2, after saying so.
    const n = args[0];
    if (n === undefined) throw new ShellExit(ctx.vars?.status ?? 0);
    if (!/^[+-]?\d+$/.test(n)) throw new ShellExit(2, `bash: exit: ${n}: numeric argument required\n`);
    throw new ShellExit(((Number(n) % 256) + 256) % 256);
  },
  break: (_args, ctx) => (ctx.vars ? loopControl('break', ctx) : execNotFound(ctx, 'break')),
  continue: (_args, ctx) => (ctx.vars ? loopControl('continue', ctx) : execNotFound(ctx, 'continue')),
  help: (args, ctx) => (ctx.vars ? help(args, ctx) : execNotFound(ctx, 'help')),
  printf: (args) => printf(args),
  let: (args, ctx) => letBuiltin(args, ctx),
  read: readBuiltin,
  export: exportBuiltin,
  unset: unsetBuiltin,
  test: (args, ctx) => testBuiltin('test', args, ctx),
  '[': (args, ctx) => testBuiltin('[', args, ctx),
  cat,
  echo: (args) => ({ stdout: echoText(args), stderr: '', exitCode: 0 }),
  hostname: (_args, ctx) => ({ stdout: `${placeName(ctx.place)}\n`, stderr: '', exitCode: 0 }),
  true: () => ({ stdout: '', stderr: '', exitCode: 0 }),
  false: () => ({ stdout: '', stderr: '', exitCode: 1 }),
  sleep,
};

/** What each kind of place can run. */
const BUILTINS: Record<Place['kind'], Record<string, Builtin>> = {
  node: { ...COMMON, ...TEXT_TOOLS, ...hostShells((p, c) => runParsed(p, c)), xargs: (a, c) => xargs(a, c, runWords), kubectl, ssh, curl, ip, 'iptables-save': iptablesSave, iptables, conntrack, nft, ipvsadm, ipset, ...NODE_DNS_COMMANDS },
  client: { ...COMMON, ...TEXT_TOOLS, ...hostShells((p, c) => runParsed(p, c)), xargs: (a, c) => xargs(a, c, runWords), ssh, curl },
  pod: { ...COMMON, ...podTextTools(TEXT_TOOLS), ...podShells((p, c) => runParsed(p, c)), curl, wget, ip, 'iptables-save': iptablesSave, iptables, conntrack, nft, ipvsadm, ipset, ...POD_DNS_COMMANDS },
};

/**
 * bash's builtin echo: leading words made only of -n, -e, -E are options (no newline, escapes
 * on, escapes off); with -e, `\n`, `\t`, `\\`, `\r` and `\c` (stop here) are read.
 */
function echoText(args: readonly string[]): string {
  let newline = true;
  let escapes = false;
  let i = 0;
  for (; i < args.length && /^-[neE]+$/.test(args[i]); i++) {
    for (const c of args[i].slice(1)) {
      if (c === 'n') newline = false;
      else escapes = c === 'e';
    }
  }
  let text = args.slice(i).join(' ');
  if (escapes) {
    const stop = text.indexOf('\\c');
    if (stop >= 0) return text.slice(0, stop).replace(/\\([ntr\\])/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r', '\\': '\\' })[c] ?? c);
    text = text.replace(/\\([ntr\\])/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r', '\\': '\\' })[c] ?? c);
  }
  return newline ? `${text}\n` : text;
}

/** The names the console knows on a node, for completion and help. */
export const COMMAND_NAMES: readonly string[] = Object.keys(BUILTINS.node);

/**
 * `help`: bash's prints its own builtins; svcsim's says what this console runs where it is
 * (its own text, labelled as svcsim's).
 */
function help(_args: readonly string[], ctx: ShellContext): CommandOutput {
  const names = Object.keys(BUILTINS[ctx.place.kind]).filter((n) => n !== '[');
  const lines = [
    `svcsim: this console runs, as root on ${placeName(ctx.place)}:`,
    ...wrap(names.join(', '), 78).map((l) => `  ${l}`),
    'with bash\'s pipes, lists, redirections, variables, $(...), for loops, if and test;',
    'ssh NODE or kubectl exec -it POD -- sh opens a shell there until exit.',
  ];
  return { stdout: `${lines.join('\n')}\n`, stderr: '', exitCode: 0 };
}

/** Words joined into lines of at most `width` characters. */
function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}

/**
 * A pod's process svcsim runs to its end at once: a program the console has inside pods, or a
 * shell given a line of such programs. `sleep` would only keep the container running, and so
 * would a shell loop (`while true; do ...; done`, which svcsim does not run): those pods are left running.
 */
export function isOneShotCommand(words: readonly string[], image?: string): boolean {
  const cmd = words[0];
  if (cmd === undefined || cmd === 'sleep' || !Object.prototype.hasOwnProperty.call(BUILTINS.pod, cmd)) return false;
  // The text filters svcsim runs where the image has GNU ones, or BusyBox's agree with them (see podTextTools).
  if (Object.prototype.hasOwnProperty.call(TEXT_TOOLS, cmd) && imageShell(image) !== 'dash' && !(imageShell(image) === 'ash' && busyboxAgrees(cmd, words.slice(1)))) return false;
  if (cmd !== 'sh' && cmd !== 'bash') return true;
  const parsed = words[1] === '-c' && words[2] !== undefined ? parseCommandLine(words[2]) : undefined;
  return parsed?.ok === true && parsed.pipelines.every((p) => !p.background && p.commands.every((c) => c.words.length > 0 && isOneShotCommand(c.words, image)));
}

export function runWords(words: readonly string[], ctx: ShellContext): CommandOutput {
  const [cmd, ...args] = words;
  if (cmd === undefined) return { stdout: '', stderr: '', exitCode: 0 };
  const builtin = BUILTINS[ctx.place.kind][cmd];
  if (!builtin) {
    if (ctx.place.kind === 'pod') return failure(`svcsim: "${cmd}" is not simulated inside pods yet (try: ${Object.keys(BUILTINS.pod).join(', ')})`, 126);
    // dash (Ubuntu's sh) gives its line number and says `not found`; bash 5.2 names no line here, even for -c.
    const script = ctx.script;
    if (script?.flavour === 'dash') return failure(`${script.name}: 1: ${cmd}: not found`, 127);
    if (script?.flavour === 'ash') return failure(`${script.name}: ${cmd}: not found`, 127);
    return failure(`bash: ${cmd}: command not found`, 127);
  }
  return builtin(args, ctx);
}

/** A line typed at an interactive shell the console was left in (see Session). */
export function runInteractive(line: string, ctx: ShellContext, flavour: Flavour, name: string): CommandOutput {
  return interactiveLine(flavour, name, line, ctx, runParsed);
}

export function runLine(line: string, ctx: ShellContext): CommandOutput {
  const parsed = parseCommandLine(line);
  if (!parsed.ok) return failure(parsed.error.startsWith('svcsim:') ? parsed.error : `bash: ${parsed.error}`, 2);
  return runParsed(parsed.pipelines, ctx);
}

function runParsed(pipelines: readonly Pipeline[], given: ShellContext): CommandOutput {
  // A shell run without variables of its own (a container's `sh -c`, `ssh NODE CMD`) starts from its place's.
  const vars = given.vars ?? placeVariables(given);
  const ctx = given.vars ? given : { ...given, vars };
  // One command on its own runs as it always has: its output exactly as it made it.
  const only = pipelines.length === 1 ? pipelines[0] : undefined;
  let out: CommandOutput;
  if (only && !only.background && only.commands.length === 1 && !only.commands[0].redirections.length && !needsExpansion(only.commands[0])) {
    try {
      out = runWords(only.commands[0].words, ctx);
    } catch (e) {
      if (!(e instanceof ShellExit)) throw e;
      out = { stdout: '', stderr: e.message, exitCode: e.status };
    }
  }
  else if (!pipelines.length) return { stdout: '', stderr: '', exitCode: 0 };
  else out = runPipelines(pipelines, ctx, runWords, expand);
  vars.status = out.exitCode;
  return out;
}

/** The variables a shell starts with where it runs: a container's environment, or a root login on a host. */
function placeVariables(ctx: ShellContext): ShellVariables {
  if (ctx.place.kind === 'pod') return ShellVariables.fromEnvironment(containerEnvironment(ctx) ?? '');
  const vars = ShellVariables.rootLogin();
  vars.set('HOSTNAME', placeName(ctx.place));
  return vars;
}

/** A command's expansions, with `$(...)` run in a subshell; assignments alone set the shell's variables. */
function expand(cmd: SimpleCommand, ctx: ShellContext): ExpandedCommand {
  const vars = ctx.vars ?? placeVariables(ctx);
  const x = expandCommand(cmd, {
    vars,
    substitute: (line) => {
      const parsed = parseCommandLine(line);
      if (!parsed.ok) return failure(`bash: command substitution: line 1: ${parsed.error}`, 2);
      return runParsed(parsed.pipelines, { ...ctx, stdin: undefined, vars: vars.copy() });
    },
  });
  // `NAME=value cmd` gives cmd an environment svcsim's commands do not read: only lone assignments stay.
  if (x.ok && !x.words.length) for (const [name, value] of x.assignments) vars.set(name, value);
  return x;
}
