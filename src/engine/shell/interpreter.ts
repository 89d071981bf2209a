/**
 * The console language: one line, run as root on a host of the simulated cluster.
 * The same interpreter serves the `svcsim` command and the browser's terminal.
 */
import { failure, type CommandOutput, type ShellContext } from './context.ts';
import { runKubectl } from './kubectl/index.ts';
import { tokenize } from './tokenize.ts';

type Builtin = (args: readonly string[], ctx: ShellContext) => CommandOutput;

/** Longest `sleep` the console accepts: enough to age objects by days, never a hang. */
const MAX_SLEEP_SECONDS = 10 * 365 * 24 * 3600;

const BUILTINS: Record<string, Builtin> = {
  kubectl: (args, ctx) => runKubectl(args, ctx),
  cat: (args, ctx) => {
    let stdout = '';
    let stderr = '';
    for (const path of args) {
      const text = ctx.files.readFile(path);
      if (text === undefined) stderr += `cat: ${path}: No such file or directory\n`;
      else stdout += text;
    }
    if (!args.length && ctx.stdin !== undefined) stdout = ctx.stdin;
    return { stdout, stderr, exitCode: stderr ? 1 : 0 };
  },
  echo: (args) => ({ stdout: `${args.join(' ')}\n`, stderr: '', exitCode: 0 }),
  hostname: (_args, ctx) => ({ stdout: `${ctx.host}\n`, stderr: '', exitCode: 0 }),
  true: () => ({ stdout: '', stderr: '', exitCode: 0 }),
  false: () => ({ stdout: '', stderr: '', exitCode: 1 }),
  // The simulated clock moves only when told: `sleep 30` ages every object by 30 seconds.
  sleep: (args, ctx) => {
    const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(args[0] ?? '');
    if (!m) return failure(args.length ? `sleep: invalid time interval '${args[0]}'\nTry 'sleep --help' for more information.` : "sleep: missing operand\nTry 'sleep --help' for more information.");
    const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
    ctx.cluster.tick(Math.min(Number(m[1]) * unit, MAX_SLEEP_SECONDS));
    return { stdout: '', stderr: '', exitCode: 0 };
  },
};

/** The names the console knows, for completion and help. */
export const COMMAND_NAMES: readonly string[] = Object.keys(BUILTINS);

export function runLine(line: string, ctx: ShellContext): CommandOutput {
  const tokens = tokenize(line);
  if (!tokens.ok) return failure(`bash: ${tokens.error}`, 2);
  const [cmd, ...args] = tokens.words;
  if (cmd === undefined) return { stdout: '', stderr: '', exitCode: 0 };
  const builtin = BUILTINS[cmd];
  if (!builtin) return failure(`bash: ${cmd}: command not found`, 127);
  return builtin(args, ctx);
}
