/**
 * `conntrack -L`, `-D` and `-C` as conntrack-tools 1.4.8 (Ubuntu 24.04) runs them, printing each
 * entry through libnetfilter_conntrack's default format (src/conntrack/snprintf_default.c:
 * `%-8s %u ` protocol, timeout, state, tuples, `[UNREPLIED]` after the original tuple,
 * `[ASSURED]` after the reply tuple, then `mark=` and `use=`; zone only when not 0) and the
 * summary on stderr (src/conntrack.c).
 */
import type { CommandOutput } from './command-output.ts';
import { parseIPv4 } from './ipv4.ts';
import type { L4Protocol } from './packet.ts';
import type { ConntrackEntry, ConntrackFilter, ConntrackTable, Tuple } from './conntrack.ts';
import { remainingSeconds } from './conntrack.ts';

export const CONNTRACK_VERSION = '1.4.8';
const PREFIX = `conntrack v${CONNTRACK_VERSION} (conntrack-tools): `;

const PROTO_NUMBER: Record<L4Protocol, number> = { tcp: 6, udp: 17, sctp: 132 };

function tuple(t: Tuple): string {
  return `src=${t.src} dst=${t.dst} sport=${t.sport} dport=${t.dport} `;
}

/** One entry as `conntrack -L` prints it (no trailing space: snprintf_default drops the last blank). */
export function formatConntrackEntry(e: ConntrackEntry, now: number): string {
  let s = `${e.original.proto.padEnd(8)} ${PROTO_NUMBER[e.original.proto]} ${remainingSeconds(e, now)} `;
  if (e.state) s += `${e.state} `;
  s += tuple(e.original);
  if (!e.seenReply) s += '[UNREPLIED] ';
  s += tuple(e.reply);
  if (e.assured) s += '[ASSURED] ';
  s += `mark=${e.mark} `;
  if (e.zone) s += `zone=${e.zone} `;
  s += `use=${e.use} `;
  return s.slice(0, -1);
}

function parameterProblem(message: string): CommandOutput {
  return { stdout: '', stderr: `${PREFIX}${message}\nTry \`conntrack -h' or 'conntrack --help' for more information.\n`, exitCode: 2 };
}

type Command = 'list' | 'delete' | 'count';

const ADDRESS_OPTIONS: Record<string, keyof ConntrackFilter> = {
  '-s': 'origSrc',
  '--src': 'origSrc',
  '--orig-src': 'origSrc',
  '-d': 'origDst',
  '--dst': 'origDst',
  '--orig-dst': 'origDst',
  '-r': 'replySrc',
  '--reply-src': 'replySrc',
  '-q': 'replyDst',
  '--reply-dst': 'replyDst',
};

const PORT_OPTIONS: Record<string, keyof ConntrackFilter> = {
  '--sport': 'origSport',
  '--orig-port-src': 'origSport',
  '--dport': 'origDport',
  '--orig-port-dst': 'origDport',
  '--reply-port-src': 'replySport',
  '--reply-port-dst': 'replyDport',
};

/**
 * Runs `conntrack ARGS` against a node's table: `-L`/`--dump` (the default table
 * `conntrack`), `-D`/`--delete`, `-C`/`--count`, with `-p PROTO`, `-s/-d/-r/-q ADDRESS`,
 * `--sport/--dport PORT`, `-n/--src-nat`, `-g/--dst-nat`.
 */
export function conntrackCommand(table: ConntrackTable, args: readonly string[], now: number): CommandOutput {
  let command: Command | undefined;
  const filter: ConntrackFilter = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = (): string | undefined => args[++i];
    const verb: Command | undefined = a === '-L' || a === '--dump' ? 'list' : a === '-D' || a === '--delete' ? 'delete' : a === '-C' || a === '--count' ? 'count' : undefined;
    if (verb) {
      if (command) return parameterProblem('Invalid commands combination');
      command = verb;
    } else if (a === 'conntrack' && i > 0 && command) continue; // `conntrack -L conntrack`: the table name
    else if (a === '-p' || a === '--proto' || a === '--protonum') {
      const p = (value() ?? '').toLowerCase();
      const proto = p === '6' ? 'tcp' : p === '17' ? 'udp' : p === '132' ? 'sctp' : p;
      if (proto !== 'tcp' && proto !== 'udp' && proto !== 'sctp') return parameterProblem(`\`${p}' unsupported protocol`);
      filter.proto = proto;
    } else if (a in ADDRESS_OPTIONS) {
      const ip = value() ?? '';
      if (ip === '') return parameterProblem('No IP specified');
      if (parseIPv4(ip) === undefined) return parameterProblem(`Invalid IP address \`${ip}'`);
      (filter as Record<string, unknown>)[ADDRESS_OPTIONS[a]!] = ip;
    } else if (a in PORT_OPTIONS) {
      const text = value() ?? '';
      const port = Number(text);
      if (!/^\d+$/.test(text) || port > 65535) return parameterProblem(`Bad parameter \`${text}'`);
      (filter as Record<string, unknown>)[PORT_OPTIONS[a]!] = port;
    } else if (a === '-n' || a === '--src-nat') filter.srcNat = true;
    else if (a === '-g' || a === '--dst-nat') filter.dstNat = true;
    else return parameterProblem(`unknown option \`${a}'`);
  }
  if (!command) return parameterProblem('no command specified');
  if (command === 'count') return { stdout: `${table.count(now)}\n`, stderr: '', exitCode: 0 };
  if (command === 'delete') {
    const gone = table.delete(filter, now);
    return {
      stdout: gone.map((e) => `${formatConntrackEntry(e, now)}\n`).join(''),
      stderr: `${PREFIX}${gone.length} flow entries have been deleted.\n`,
      exitCode: 0,
    };
  }
  const shown = table.list(now, filter);
  return {
    stdout: shown.map((e) => `${formatConntrackEntry(e, now)}\n`).join(''),
    stderr: `${PREFIX}${shown.length} flow entries have been shown.\n`,
    exitCode: 0,
  };
}
