/**
 * Runs a parsed console line as bash would: the pipelines of the list one after another (`&&`
 * and `||` on the exit status so far), each pipeline's commands with the previous one's output
 * as their standard input, the last one's status as the pipeline's (no pipefail), and each
 * command's redirections applied to its two streams. svcsim's commands run to their end before
 * the next starts, so a pipeline's stderr comes out command by command.
 */
import type { CommandOutput, ShellContext } from './context.ts';
import type { Pipeline, Redirection, SimpleCommand, WordPart } from './command-line.ts';
import { globSource, type ExpandedCommand } from './expansion.ts';

export type RunWords = (words: readonly string[], ctx: ShellContext) => CommandOutput;

/** Expands a command's words just before it runs (see expansion.ts); sets what it assigns. */
export type Expand = (cmd: SimpleCommand, ctx: ShellContext) => ExpandedCommand;

/** Whether a command has anything to expand (a word, or a redirection's target). */
export function needsExpansion(cmd: SimpleCommand): boolean {
  return cmd.loop !== undefined || cmd.conditional !== undefined || cmd.repeat !== undefined || cmd.counting !== undefined || cmd.choice !== undefined || cmd.arithmetic !== undefined || cmd.parts !== undefined || cmd.redirections.some((r) => 'word' in r && r.word !== undefined);
}

/** Rounds a loop runs at most: enough for any demonstration, never a hung page. */
export const MAX_LOOP_ROUNDS = 10_000;

/** `exit`: thrown by the builtin, it ends the shell's list wherever it stands, with its status. */
export class ShellExit {
  constructor(
    readonly status: number,
    /** What the builtin said first (a bad argument), on stderr. */
    readonly message = '',
  ) {}
}

/** `break` and `continue`: thrown by the builtins, caught by the innermost loop (the output so far is already kept). */
export class LoopControl {
  constructor(readonly kind: 'break' | 'continue') {}
}

/** One round of a loop's body: false when `break` ends the loop. */
function round(body: readonly Pipeline[], ctx: ShellContext, runWords: RunWords, expand: Expand, chunks: Chunk[], status: { value: number }): boolean {
  try {
    status.value = runList(body, { ...ctx, loops: (ctx.loops ?? 0) + 1 }, runWords, expand, chunks);
    return true;
  } catch (e) {
    if (!(e instanceof LoopControl)) throw e;
    status.value = 0;
    return e.kind === 'continue';
  }
}

/** Where a descriptor points: the terminal's two streams, the pipe, nowhere, or a file. */
type Sink = 'out' | 'err' | 'null' | { file: string; append: boolean };

type Chunk = { stream: 'out' | 'err'; text: string };

const DEV_NULL = '/dev/null';

export function runPipelines(pipelines: readonly Pipeline[], ctx: ShellContext, runWords: RunWords, expand: Expand): CommandOutput {
  const shown: Chunk[] = [];
  try {
    return collect(shown, runList(pipelines, ctx, runWords, expand, shown));
  } catch (e) {
    if (e instanceof ShellExit) return collect(e.message ? [...shown, { stream: 'err', text: e.message }] : shown, e.status);
    if (!(e instanceof LoopControl)) throw e;
    // Outside any loop (bash says so and goes on; the rest of the list is left, as a subshell's would be).
    shown.push({ stream: 'err', text: `bash: ${e.kind}: only meaningful in a \`for', \`while', or \`until' loop\n` });
    return collect(shown, 0);
  }
}

/** Runs the list, what it shows added to `shown` in the order written; its status. */
function runList(pipelines: readonly Pipeline[], ctx: ShellContext, runWords: RunWords, expand: Expand, shown: Chunk[]): number {
  let status = 0;
  for (const p of pipelines) {
    if ((p.after === '&&' && status !== 0) || (p.after === '||' && status === 0)) continue;
    if (p.background) {
      shown.push({ stream: 'err', text: 'svcsim: background jobs (a command ending in &) are not simulated\n' });
      status = 1;
      continue;
    }
    status = runPipeline(p, ctx, runWords, expand, shown);
    if (ctx.vars) ctx.vars.status = status;
  }
  return status;
}

function runPipeline(p: Pipeline, ctx: ShellContext, runWords: RunWords, expand: Expand, shown: Chunk[]): number {
  let stdin: string | undefined = ctx.stdin;
  let status = 0;
  p.commands.forEach((cmd, i) => {
    const last = i === p.commands.length - 1;
    const piped: Chunk[] = [];
    status = runCommand(cmd, { ...ctx, stdin }, runWords, expand, (chunk, sink) => {
      if (sink === 'null') return;
      if (typeof sink === 'object') writeFile(ctx, sink, chunk.text);
      else if (sink === 'out' && !last) piped.push(chunk);
      else shown.push({ stream: sink, text: chunk.text });
    }, last, cmd.pipeStderr);
    stdin = last ? undefined : piped.map((c) => c.text).join('');
  });
  return status;
}

/**
 * One command: its input redirection read, the command run, and its two streams sent where the
 * redirections (applied left to right, as bash does) point them. `pipeStderr`: `|&`.
 */
function runCommand(
  cmd: SimpleCommand,
  ctx: ShellContext,
  runWords: RunWords,
  expand: Expand,
  emit: (chunk: Chunk, sink: Sink) => void,
  last: boolean,
  pipeStderr: boolean,
): number {
  let words: readonly string[] = cmd.words;
  let redirections: readonly Redirection[] = cmd.redirections;
  let assigned: number | undefined;
  if (needsExpansion(cmd)) {
    // A loop's own redirections are expanded as a command's are; its words when it starts.
    const compound = cmd.loop !== undefined || cmd.conditional !== undefined || cmd.repeat !== undefined || cmd.counting !== undefined || cmd.choice !== undefined || cmd.arithmetic !== undefined;
    const x = expand(compound ? { words: [], redirections: cmd.redirections, pipeStderr: false } : cmd, ctx);
    // A command substitution's errors go to the shell's own stderr, whatever the command redirects.
    if (x.stderr) emit({ stream: 'err', text: x.stderr }, 'err');
    if (!x.ok) {
      emit({ stream: 'err', text: `${x.error}\n` }, 'err');
      return 1;
    }
    words = x.words;
    redirections = x.redirections;
    assigned = x.substitutionStatus ?? 0;
  }
  // Without a pipe after it, a command's stdout is the terminal ('out'); before a pipe, the pipe (also 'out').
  const fds: Sink[] = ['out', 'out', pipeStderr && !last ? 'out' : 'err'];
  let stdin = ctx.stdin;
  for (const r of redirections) {
    const err = apply(r, fds, ctx, (text) => (stdin = text));
    if (err) {
      emit({ stream: 'err', text: `${err.startsWith('svcsim:') ? '' : 'bash: '}${err}\n` }, 'err');
      return 1;
    }
  }
  // Assignments alone: their status is the last command substitution's.
  if (!words.length && !cmd.loop && !cmd.conditional && !cmd.repeat && !cmd.counting && !cmd.choice && cmd.arithmetic === undefined) return assigned ?? 0;
  const sinks = { out: fds[1], err: fds[2] };
  const at = { ...ctx, stdin };
  let out: CommandOutput;
  if (cmd.arithmetic !== undefined) out = runWords(['let', cmd.arithmetic], at);
  else if (cmd.loop || cmd.conditional || cmd.repeat || cmd.counting || cmd.choice) {
    // A compound command's output goes where its own redirections say, also when `exit` ends it.
    const chunks: Chunk[] = [];
    try {
      const status = cmd.loop
        ? runLoop(cmd, at, runWords, expand, chunks)
        : cmd.conditional
          ? runConditional(cmd.conditional, at, runWords, expand, chunks)
          : cmd.repeat
            ? runWhile(cmd.repeat, at, runWords, expand, chunks)
            : cmd.choice
              ? runChoice(cmd.choice, at, runWords, expand, chunks)
              : runCounting(cmd.counting!, at, runWords, expand, chunks);
      out = collect(chunks, status);
    } catch (e) {
      if (e instanceof ShellExit) show(collect(chunks, e.status), sinks, emit);
      throw e;
    }
  } else out = runWords(words, at);
  show(out, sinks, emit);
  return out.exitCode;
}

/** A command's two streams sent where its descriptors point. */
function show(out: CommandOutput, sinks: { out: Sink; err: Sink }, emit: (chunk: Chunk, sink: Sink) => void): void {
  if (sameSink(sinks.out, sinks.err) && out.interleaved !== undefined) {
    if (out.interleaved) emit({ stream: 'out', text: out.interleaved }, sinks.out);
  } else {
    if (out.stdout) emit({ stream: 'out', text: out.stdout }, sinks.out);
    if (out.stderr) emit({ stream: 'err', text: out.stderr }, sinks.err);
  }
}

/**
 * `for NAME in WORDS; do BODY; done`: the words expanded and split once, then BODY run with NAME
 * set to each; its output is the loop's, its status the last command's (0 when it never ran).
 * The loop's standard input goes to the first round (svcsim's commands read all of it at once).
 */
function runLoop(cmd: SimpleCommand, ctx: ShellContext, runWords: RunWords, expand: Expand, chunks: Chunk[]): number {
  const loop = cmd.loop!;
  // `for` leads the words so that none of them reads as an assignment.
  const x = expand({ words: ['for', ...loop.words], parts: loop.parts && [[{ kind: 'text', text: 'for', quoted: true }], ...loop.parts], redirections: [], pipeStderr: false }, ctx);
  if (x.stderr) chunks.push({ stream: 'err', text: x.stderr });
  if (!x.ok) {
    chunks.push({ stream: 'err', text: `${x.error}\n` });
    return 1;
  }
  const items = x.words.slice(1);
  let status = 0;
  for (let k = 0; k < items.length; k++) {
    if (k === MAX_LOOP_ROUNDS) {
      chunks.push({ stream: 'err', text: `svcsim: the loop stopped after ${MAX_LOOP_ROUNDS} rounds\n` });
      break;
    }
    ctx.vars?.set(loop.name, items[k]);
    const s = { value: status };
    const go = round(loop.body, { ...ctx, stdin: k === 0 ? ctx.stdin : undefined }, runWords, expand, chunks, s);
    status = s.value;
    if (!go) break;
  }
  return status;
}

/** Rounds a `while` loop runs at most: `while true; do ...; done` would run until Ctrl-C. */
export const MAX_WHILE_ROUNDS = 100;

/**
 * `while TEST; do BODY; done` (`until`: while TEST fails). The loop's standard input is read a
 * line at a time by `read` (ctx.input), as `... | while read x; do ...; done` does.
 */
function runWhile(w: NonNullable<SimpleCommand['repeat']>, ctx: ShellContext, runWords: RunWords, expand: Expand, chunks: Chunk[]): number {
  const inner: ShellContext = { ...ctx, stdin: undefined, input: ctx.stdin !== undefined ? { text: ctx.stdin, at: 0 } : ctx.input };
  let status = 0;
  for (let n = 0; ; n++) {
    const t = runList(w.test, inner, runWords, expand, chunks);
    if (w.until ? t === 0 : t !== 0) break;
    if (n === MAX_WHILE_ROUNDS) {
      chunks.push({ stream: 'err', text: `svcsim: the loop stopped after ${MAX_WHILE_ROUNDS} rounds (a terminal would run it until Ctrl-C)\n` });
      break;
    }
    const s = { value: status };
    const go = round(w.body, inner, runWords, expand, chunks, s);
    status = s.value;
    if (!go) break;
  }
  return status;
}

/** `for ((INIT; TEST; STEP)); do BODY; done`: C's loop over the shell's arithmetic (`let`). */
function runCounting(c: NonNullable<SimpleCommand['counting']>, ctx: ShellContext, runWords: RunWords, expand: Expand, chunks: Chunk[]): number {
  const calc = (expr: string): number => {
    if (!expr) return 0;
    const out = runWords(['let', expr], ctx);
    if (out.stderr) chunks.push({ stream: 'err', text: out.stderr });
    return out.stderr ? 2 : out.exitCode;
  };
  if (calc(c.init) === 2) return 1;
  let status = 0;
  for (let n = 0; ; n++) {
    const t = c.test ? calc(c.test) : 0;
    if (t === 2) return 1;
    if (t !== 0) break;
    if (n === MAX_LOOP_ROUNDS) {
      chunks.push({ stream: 'err', text: `svcsim: the loop stopped after ${MAX_LOOP_ROUNDS} rounds\n` });
      break;
    }
    const s = { value: status };
    const go = round(c.body, ctx, runWords, expand, chunks, s);
    status = s.value;
    if (!go) break;
    if (calc(c.step) === 2) return 1;
  }
  return status;
}

/**
 * `case WORD in PATTERN) LIST ;; ... esac`: WORD and the patterns expanded (not split), each
 * pattern matched as a glob against the whole word; the first matching clause runs, status 0
 * when none does. (A quoted `*` in a pattern is still a glob here, where bash takes it literally.)
 */
function runChoice(c: NonNullable<SimpleCommand['choice']>, ctx: ShellContext, runWords: RunWords, expand: Expand, chunks: Chunk[]): number {
  const text = (parts: WordPart[]): string | undefined => {
    const x = expand({ words: ['case', ''], parts: [[{ kind: 'text', text: 'case', quoted: true }], parts], redirections: [], pipeStderr: false, noSplit: true }, ctx);
    if (x.stderr) chunks.push({ stream: 'err', text: x.stderr });
    if (!x.ok) {
      chunks.push({ stream: 'err', text: `${x.error}\n` });
      return undefined;
    }
    return x.words[1] ?? '';
  };
  const word = text(c.word);
  if (word === undefined) return 1;
  for (const clause of c.clauses) {
    for (const p of clause.patterns) {
      const pattern = text(p);
      if (pattern === undefined) return 1;
      if (new RegExp(`^${globSource(pattern)}$`, 's').test(word)) return runList(clause.body, ctx, runWords, expand, chunks);
    }
  }
  return 0;
}

/** `if`: each branch's test in turn, the body of the first that succeeds; status 0 when none ran (bash). */
function runConditional(c: NonNullable<SimpleCommand['conditional']>, ctx: ShellContext, runWords: RunWords, expand: Expand, chunks: Chunk[]): number {
  for (const b of c.branches) {
    if (runList(b.test, ctx, runWords, expand, chunks) === 0) return runList(b.body, { ...ctx, stdin: undefined }, runWords, expand, chunks);
  }
  return c.otherwise ? runList(c.otherwise, { ...ctx, stdin: undefined }, runWords, expand, chunks) : 0;
}

function sameSink(a: Sink, b: Sink): boolean {
  return a === b || (typeof a === 'object' && typeof b === 'object' && a.file === b.file);
}

/** Applies one redirection to the descriptor table; an error message when it cannot be done. */
function apply(r: Redirection, fds: Sink[], ctx: ShellContext, setStdin: (text: string) => void): string | undefined {
  if (r.op === '<') {
    if (r.path === DEV_NULL) {
      setStdin('');
      return undefined;
    }
    const text = ctx.place.kind === 'node' && ctx.place.admin ? ctx.files.readFile(r.path) : undefined;
    if (text === undefined) return `${r.path}: No such file or directory`;
    setStdin(text);
    return undefined;
  }
  if (r.op === '>&') {
    if (r.to !== 1 && r.to !== 2) return `${r.to}: Bad file descriptor`;
    if (r.fd === 1 || r.fd === 2) fds[r.fd] = fds[r.to];
    return undefined;
  }
  const sink = fileSink(r.path, r.op === '>>' || r.op === '&>>', ctx);
  if (typeof sink === 'string' && sink !== 'null') return sink;
  if (r.op === '&>' || r.op === '&>>') {
    fds[1] = sink as Sink;
    fds[2] = sink as Sink;
  } else if ('fd' in r && (r.fd === 1 || r.fd === 2)) fds[r.fd] = sink as Sink;
  return undefined;
}

/** `/dev/null`, a file the console may write, or why not (a message). */
function fileSink(path: string, append: boolean, ctx: ShellContext): Sink | string {
  if (path === DEV_NULL) return 'null';
  if (ctx.place.kind !== 'node' || !ctx.place.admin || !ctx.files.writeFile) return `svcsim: files written here are not kept (${path}); only the console's home node has files`;
  // The redirection creates (or empties) the file before the command runs, as the shell does.
  if (!append) ctx.files.writeFile(path, '', false);
  else ctx.files.writeFile(path, '', true);
  return { file: path, append: true };
}

function writeFile(ctx: ShellContext, sink: { file: string; append: boolean }, text: string): void {
  ctx.files.writeFile?.(sink.file, text, sink.append);
}

function collect(chunks: readonly Chunk[], exitCode: number): CommandOutput {
  let stdout = '';
  let stderr = '';
  let all = '';
  let switches = 0;
  let prev: Chunk['stream'] | undefined;
  for (const c of chunks) {
    if (c.stream === 'out') stdout += c.text;
    else stderr += c.text;
    all += c.text;
    if (prev !== undefined && prev !== c.stream) switches++;
    prev = c.stream;
  }
  // Both streams, in the order written, when stdout then stderr would misplace some of it.
  const interleaved = switches > 1 || (switches === 1 && chunks[0].stream === 'err') ? { interleaved: all } : {};
  return { stdout, stderr, exitCode, ...interleaved };
}
