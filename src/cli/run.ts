/**
 * What `svcsim` does once its arguments are parsed: start a session (from a built-in
 * scenario, a scenario file or the default cluster), apply the `-f` files, run the lines,
 * print. All I/O goes through `CliIO`, so tests can run it without a process.
 */
import type { FileReader, LineResult, Session, SessionOptions } from '../engine/index.ts';
import { findScenario } from '../scenarios/catalog.ts';
import type { ScenarioEntry } from '../scenarios/catalog.ts';
import { parseArgs, USAGE } from './args.ts';
import type { CliOptions } from './args.ts';
import { formatScenarioList } from './scenario-list.ts';

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** All of standard input; called at most once, and only when a file or line needs it. */
  readStdin(): string;
  /** The real file system, for `-f FILE`, `--scenario FILE` and `kubectl apply -f PATH` lines. */
  files: FileReader;
  /** The built-in scenarios. */
  scenarios(): readonly ScenarioEntry[];
}

export type SessionFactory = (opts: SessionOptions) => Session;

/**
 * Runs the command; returns its exit status (0, 1 when a file or line failed, 2 on usage
 * errors). `makeSession` is the engine's `createSession`, passed in so tests can fake it.
 */
export function runCli(argv: readonly string[], io: CliIO, makeSession: SessionFactory): number {
  const parsed = parseArgs(argv);
  if (!parsed.ok) {
    io.stderr(parsed.error);
    return 2;
  }
  const options = parsed.options;
  if (options.command === 'help') {
    io.stdout(USAGE);
    return 0;
  }
  if (options.command === 'scenarios') {
    io.stdout(formatScenarioList(io.scenarios(), options.json));
    return 0;
  }
  return runLines(options, io, makeSession);
}

function runLines(options: CliOptions, io: CliIO, makeSession: SessionFactory): number {
  const sessionOptions: SessionOptions = { files: io.files };
  if (options.seed !== undefined) sessionOptions.seed = options.seed;
  if (options.scenario !== undefined) {
    const found = loadScenario(options.scenario, io);
    if (!found) {
      io.stderr(`error: no built-in scenario "${options.scenario}" and no such file (see 'svcsim scenarios')\n`);
      return 1;
    }
    sessionOptions.scenario = found.text;
    sessionOptions.scenarioFile = found.file;
  }

  const session = makeSession(sessionOptions);
  let failed = false;
  for (const problem of session.problems) {
    const at = problem.position ? `${problem.position.file ?? sessionOptions.scenarioFile ?? 'scenario'}:${problem.position.line}:${problem.position.column}: ` : '';
    io.stderr(`${at}${problem.message.endsWith('\n') ? problem.message : `${problem.message}\n`}`);
    failed = true;
  }

  const needsStdin = options.files.includes('-') || options.lines.some(readsStdin);
  const stdin = needsStdin ? io.readStdin() : undefined;
  const run = (line: string): void => {
    const result = session.run(line, stdin === undefined ? {} : { stdin });
    print(result, options.json, io);
    if (result.exitCode !== 0) failed = true;
  };
  // Each file goes through the console as `kubectl apply -f FILE`, so it is read, decoded
  // and reported exactly as a console line would be.
  for (const file of options.files) run(`kubectl apply -f ${shellQuote(file)}`);
  for (const line of options.lines) run(line);
  if (options.command === 'trace' && options.trace?.from && options.trace.to) {
    const r = session.trace({ from: options.trace.from, to: options.trace.to, proto: options.trace.proto, namespace: options.trace.namespace });
    if ('error' in r) {
      io.stderr(`error: ${r.error}\n`);
      return 1;
    }
    io.stdout(options.json ? `${JSON.stringify(r.trace)}\n` : session.traceText(r.trace));
    if (r.trace.result !== 'delivered') failed = true;
  }
  return failed ? 1 : 0;
}

/** A built-in scenario by name, else a scenario file. */
function loadScenario(name: string, io: CliIO): { text: string; file: string } | undefined {
  const builtIn = findScenario(io.scenarios(), name);
  if (builtIn) return { text: builtIn.text, file: `${builtIn.id}.yaml` };
  const text = io.files.readFile(name);
  return text === undefined ? undefined : { text, file: name };
}

/** Whether a line names `-` as a word (`kubectl apply -f -`), so it wants standard input. */
export function readsStdin(line: string): boolean {
  return /(^|\s)(-f|--filename)(\s+|=)-(\s|$)/.test(line);
}

/** Quotes a word for the console's POSIX-style word splitting when it needs it. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_./:=@%+,-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * Prints one result. As text: kubectl writes warnings (`Warning: v1 Endpoints is deprecated
 * ...`, a deprecated flag's note) before its output and errors after it, and a LineResult keeps the two streams apart,
 * so warning lines go first and the rest of stderr last.
 */
export function print(result: LineResult, json: boolean, io: CliIO): void {
  if (json) {
    const { line, exitCode, stdout, stderr, ...more } = result;
    io.stdout(`${JSON.stringify({ line, exitCode, stdout, stderr, ...more })}\n`);
    return;
  }
  const lines = result.stderr.split(/(?<=\n)/);
  // pflag's deprecation notes (`Flag --record has been deprecated, ...`) come at parse time, first too.
  const early = (l: string) => l.startsWith('Warning: ') || /^Flag --\S+ has been deprecated, /.test(l);
  const warnings = lines.filter(early).join('');
  const rest = lines.filter((l) => !early(l)).join('');
  if (warnings) io.stderr(warnings);
  if (result.stdout) io.stdout(result.stdout);
  if (rest) io.stderr(rest);
}
