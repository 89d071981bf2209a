/**
 * The `svcsim` command line: `svcsim [-f FILE]... [--seed N] [--json] [--scenario NAME|FILE] [LINE]...`
 * and `svcsim scenarios`. Parsing only; no I/O, so every case is testable.
 */

export interface CliOptions {
  command: 'run' | 'scenarios' | 'help' | 'trace';
  /** `svcsim trace --from SOURCE --to DEST [--proto tcp|udp] [-n NAMESPACE]`. */
  trace?: { from?: string; to?: string; proto: 'tcp' | 'udp'; namespace: string };
  /** `-f` arguments in the order given; `-` is standard input. */
  files: string[];
  seed?: number;
  json: boolean;
  /** A built-in scenario's name or a scenario file. */
  scenario?: string;
  /** Console lines to run, in order. */
  lines: string[];
}

export type ParseResult = { ok: true; options: CliOptions } | { ok: false; error: string };

export const USAGE = `svcsim: a simulator of Kubernetes Service networking.

Usage:
  svcsim [-f FILE]... [--scenario NAME|FILE] [--seed N] [--json] [LINE]...
  svcsim scenarios
  svcsim trace --from SOURCE --to DEST [--proto tcp|udp] [-n NAMESPACE] [-f FILE]... [--json]

Applies each FILE as 'kubectl apply -f FILE' would, then runs each LINE of the console
language (kubectl get|describe|create|apply|delete|expose ...) as root on the
control-plane host, and prints what the console prints.

Examples:
  svcsim 'kubectl get svc -A'
  svcsim -f app.yaml 'kubectl get endpoints' 'kubectl describe svc web'
  cat app.yaml | svcsim -f - 'kubectl get pods -o wide'
  svcsim --scenario mynginx 'kubectl get nodes'
  svcsim -f app.yaml trace --from client --to 172.200.1.201:30080

Options:
  -f, --filename FILE   Apply FILE before the lines ('-' reads standard input). Repeatable.
      --scenario NAME   Start from a built-in scenario (see 'svcsim scenarios') or a scenario file.
      --seed N          Seed for every random choice (names, addresses); default: the scenario's.
      --json            Print one JSON object per applied file and per LINE:
                        {"line", "exitCode", "stdout", "stderr"}.
  -h, --help            Print this help.

Commands:
  scenarios             List the built-in scenarios.
  trace                 Trace one request hop by hop. SOURCE: client, a node, pod/NAME,
                        NAMESPACE/POD or deploy/NAME; DEST: IP[:PORT] or svc/NAME[:PORT].

Exit status: 0 on success, 1 when a file or LINE failed, 2 on usage errors.
`;

/** What kubectl prints after a usage error, adapted to this command. */
export function usageError(message: string): string {
  return `error: ${message}\nSee 'svcsim --help' for usage.\n`;
}

const SEED_MAX = 0xffffffff;

function parseSeed(raw: string): number | undefined {
  if (!/^\d+$/.test(raw)) return undefined;
  const n = Number(raw);
  return n <= SEED_MAX ? n : undefined;
}

/** Parses `process.argv.slice(2)`. */
export function parseArgs(argv: readonly string[]): ParseResult {
  const options: CliOptions = { command: 'run', files: [], json: false, lines: [] };
  const positional: string[] = [];
  let i = 0;

  /** The value of a flag: `--flag=V`, `--flag V`, or `-fV` for the short form. */
  const takeValue = (flag: string, inline: string | undefined): string | { error: string } => {
    if (inline !== undefined) return inline;
    if (i + 1 >= argv.length) return { error: `flag needs an argument: ${flag}` };
    i += 1;
    return argv[i];
  };

  for (; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const isLong = arg.startsWith('--');
    let name = isLong && eq > 0 ? arg.slice(0, eq) : arg;
    let inline = isLong && eq > 0 ? arg.slice(eq + 1) : undefined;
    if (!isLong && arg.length > 2) {
      // -fFILE or -f=FILE, as pflag accepts for shorthand flags.
      name = arg.slice(0, 2);
      inline = arg[2] === '=' ? arg.slice(3) : arg.slice(2);
    }
    switch (name) {
      case '-h':
      case '--help':
        if (inline !== undefined) return { ok: false, error: usageError(`flag does not take a value: ${name}`) };
        options.command = 'help';
        break;
      case '--json':
        if (inline !== undefined) return { ok: false, error: usageError(`flag does not take a value: ${name}`) };
        options.json = true;
        break;
      case '-f':
      case '--filename': {
        const v = takeValue(name, inline);
        if (typeof v !== 'string') return { ok: false, error: usageError(v.error) };
        if (v === '') return { ok: false, error: usageError(`flag needs an argument: ${name}`) };
        options.files.push(v);
        break;
      }
      case '--seed': {
        const v = takeValue(name, inline);
        if (typeof v !== 'string') return { ok: false, error: usageError(v.error) };
        const seed = parseSeed(v);
        if (seed === undefined) {
          return { ok: false, error: usageError(`invalid argument "${v}" for "--seed": must be a whole number from 0 to ${SEED_MAX}`) };
        }
        options.seed = seed;
        break;
      }
      case '--scenario': {
        const v = takeValue(name, inline);
        if (typeof v !== 'string') return { ok: false, error: usageError(v.error) };
        if (v === '') return { ok: false, error: usageError(`flag needs an argument: ${name}`) };
        options.scenario = v;
        break;
      }
      case '--from':
      case '--to':
      case '--proto':
      case '-n':
      case '--namespace': {
        const v = takeValue(name, inline);
        if (typeof v !== 'string') return { ok: false, error: usageError(v.error) };
        options.trace ??= { proto: 'tcp', namespace: 'default' };
        if (name === '--from') options.trace.from = v;
        else if (name === '--to') options.trace.to = v;
        else if (name === '--proto') {
          if (v !== 'tcp' && v !== 'udp') return { ok: false, error: usageError(`invalid argument "${v}" for "--proto": tcp or udp`) };
          options.trace.proto = v;
        } else options.trace.namespace = v;
        break;
      }
      default:
        return { ok: false, error: usageError(isLong ? `unknown flag: ${name}` : `unknown shorthand flag: '${arg[1]}' in ${arg}`) };
    }
  }

  if (options.command === 'help') return { ok: true, options };
  if (positional[0] === 'scenarios') {
    if (positional.length > 1) return { ok: false, error: usageError(`unexpected argument after "scenarios": ${positional[1]}`) };
    if (options.files.length > 0 || options.scenario !== undefined || options.seed !== undefined) {
      return { ok: false, error: usageError('"scenarios" takes no flags except --json') };
    }
    return { ok: true, options: { ...options, command: 'scenarios' } };
  }
  if (positional[0] === 'trace') {
    if (positional.length > 1) return { ok: false, error: usageError(`unexpected argument after "trace": ${positional[1]}`) };
    const t = options.trace;
    if (!t?.from || !t.to) return { ok: false, error: usageError('trace needs --from SOURCE and --to DEST') };
    return { ok: true, options: { ...options, command: 'trace' } };
  }
  if (options.trace) return { ok: false, error: usageError('--from, --to, --proto and -n go with "svcsim trace"') };
  for (const line of positional) {
    if (line.trim() === '') return { ok: false, error: usageError('empty LINE') };
  }
  options.lines = positional;
  return { ok: true, options };
}
