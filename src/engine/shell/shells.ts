/**
 * `bash -c LINE` and `sh -c LINE`: the line parsed and run where the shell runs (on a node, an
 * outside client or inside a container). What differs between shells is how they word a
 * syntax error: bash (`bash: -c: line 1: syntax error near unexpected token `|'` and the line
 * quoted), dash, Debian's and Ubuntu's /bin/sh (`sh: 1: Syntax error: "|" unexpected`), and
 * BusyBox ash, Alpine's (`sh: syntax error: unexpected "|"`). Inside a container the image
 * decides which shell there is, if any (dns/tools/image-tools.ts imageShell).
 */
import { failure, type CommandOutput, type ShellContext } from './context.ts';
import { innerLists, parseCommandLine, type Pipeline, type SimpleCommand } from './command-line.ts';
import { imageShell } from '../dns/tools/image-tools.ts';
import { execContainer } from './resolve.ts';
import { execNotFound } from './dns-commands.ts';
import { busyboxAgrees } from './text-tools/busybox.ts';

export type Flavour = 'bash' | 'dash' | 'ash';

/** The shells' reserved words svcsim does not run (`for` loops it does). */
const COMPOUND = new Set(['if', 'then', 'else', 'elif', 'fi', 'for', 'while', 'until', 'do', 'done', 'case', 'esac', 'function', 'select', '{', '}', '!', '[[']);
export type RunParsed = (pipelines: readonly Pipeline[], ctx: ShellContext) => CommandOutput;

/** Every simple command of a list, those inside compound commands too. */
function commandsOf(pipelines: readonly Pipeline[]): SimpleCommand[] {
  return pipelines.flatMap((p) =>
    p.commands.flatMap((c) => {
      const inner = innerLists(c);
      return inner.length || c.arithmetic !== undefined ? inner.flatMap(commandsOf) : [c];
    }),
  );
}

/** The parser's error (bash's words) as the shell words it. */
function syntaxError(flavour: Flavour, name: string, error: string, line: string): string {
  if (flavour === 'bash') return `bash: -c: line 1: ${error}\n${error.startsWith('syntax error') ? `bash: -c: line 1: \`${line}'\n` : ''}`;
  const token = /near unexpected token `(.*)'$/.exec(error)?.[1];
  const unterminated = error.startsWith('unexpected EOF while looking for matching');
  if (flavour === 'dash') {
    const what = unterminated ? 'Unterminated quoted string' : token === undefined ? 'end of file unexpected' : token === 'newline' ? 'newline unexpected' : `"${token}" unexpected`;
    return `${name}: 1: Syntax error: ${what}\n`;
  }
  const what = unterminated ? 'unterminated quoted string' : token === undefined ? 'unexpected end of file' : token === 'newline' ? 'unexpected newline' : `unexpected "${token}"`;
  return `${name}: syntax error: ${what}\n`;
}

function runShell(flavour: Flavour, name: string, args: readonly string[], ctx: ShellContext, run: RunParsed): CommandOutput {
  if (args[0] !== '-c') return failure(`svcsim: an interactive ${name} is not simulated: run its commands as console lines, or ${name} -c 'COMMANDS'`, 2);
  const line = args[1];
  if (line === undefined) return failure(flavour === 'bash' ? 'bash: -c: option requires an argument' : `${name}: 0: -c requires an argument`, 2);
  const parsed = parseCommandLine(line);
  if (!parsed.ok) return failure(parsed.error.startsWith('svcsim:') ? parsed.error : syntaxError(flavour, name, parsed.error, line), 2);
  const compound = commandsOf(parsed.pipelines).find((c) => COMPOUND.has(c.words[0] ?? ''));
  if (compound) return failure(`svcsim: ${name}'s \`${compound.words[0]}' is not simulated: only commands joined by |, &&, || and ; run`, 2);
  // A child shell inherits the exported variables (none given: it starts from its place's).
  return run(parsed.pipelines, { ...ctx, vars: ctx.vars?.child(), script: { flavour, name } });
}

/** The shell of the container a pod command runs in (see imageShell). */
export function containerShell(ctx: ShellContext): 'dash' | 'ash' | undefined {
  const pod = ctx.place.kind === 'pod' ? ctx.cluster.get('Pod', ctx.place.namespace, ctx.place.name) : undefined;
  const image = pod ? execContainer(pod, ctx.place.kind === 'pod' ? ctx.place.container : undefined)?.image : undefined;
  return imageShell(image);
}

type Tool = (args: readonly string[], ctx: ShellContext) => CommandOutput;

/**
 * The text filters inside a container: a Debian-based image has GNU grep, coreutils and mawk as
 * the nodes do (older versions whose output is the same for what svcsim runs); BusyBox's applets
 * run where they print what GNU's do (common options, no message: text-tools/busybox.ts) and
 * are refused by name otherwise; a scratch image has none.
 */
export function podTextTools(tools: Readonly<Record<string, Tool>>): Record<string, Tool> {
  const out: Record<string, Tool> = {};
  for (const [name, tool] of Object.entries(tools)) {
    out[name] = (args, ctx) => {
      const shell = containerShell(ctx);
      if (shell === 'dash') return tool(args, ctx);
      if (shell === 'ash') {
        // Where BusyBox's applet and GNU's tool agree (busybox.ts), GNU's answer stands for BusyBox's.
        const out = busyboxAgrees(name, args) ? tool(args, ctx) : undefined;
        if (out && !out.stderr) return out;
        return failure(`svcsim: BusyBox's ${name} is not simulated inside this container for these options (GNU ${name} on the nodes is)`, 126);
      }
      return execNotFound(ctx, name);
    };
  }
  return out;
}

/**
 * A line typed at an interactive shell (`kubectl exec -it POD -- sh`, `ssh NODE`), run with that
 * shell's variables: an interactive bash words a syntax error as the console does, dash and ash
 * as they do for `-c`.
 */
export function interactiveLine(flavour: Flavour, name: string, line: string, ctx: ShellContext, run: RunParsed): CommandOutput {
  const parsed = parseCommandLine(line);
  if (!parsed.ok) {
    if (parsed.error.startsWith('svcsim:')) return failure(parsed.error, 2);
    return failure(flavour === 'bash' ? `bash: ${parsed.error}` : syntaxError(flavour, name, parsed.error, line), 2);
  }
  // An interactive shell words a missing command as the console does.
  return run(parsed.pipelines, { ...ctx, script: undefined });
}

/** A host's shells (Ubuntu: bash, and dash as sh). */
export function hostShells(run: RunParsed): Record<string, (args: readonly string[], ctx: ShellContext) => CommandOutput> {
  return {
    bash: (args, ctx) => runShell('bash', 'bash', args, ctx, run),
    sh: (args, ctx) => runShell('dash', 'sh', args, ctx, run),
  };
}

/** A container's shells, as its image has them; a missing one fails as the runtime fails it. */
export function podShells(run: RunParsed): Record<string, (args: readonly string[], ctx: ShellContext) => CommandOutput> {
  const inPod = (name: 'sh' | 'bash') => (args: readonly string[], ctx: ShellContext): CommandOutput => {
    const shell = containerShell(ctx);
    if (!shell || (name === 'bash' && shell !== 'dash')) return execNotFound(ctx, name);
    return runShell(name === 'bash' ? 'bash' : shell, name, args, ctx, run);
  };
  return { sh: inPod('sh'), bash: inPod('bash') };
}
