/**
 * `dig` of bind 9.18 (dnsutils): no search list (+nosearch is the default), one query with EDNS
 * (udp 1232) and a client COOKIE, which CoreDNS echoes; the reply in dig's layout (columns at 24,
 * 32, 40 and 48 reached with tabs, as bind's master-file style does). `;; WHEN:` and
 * `;; Query time:` come from the simulated clock.
 *
 * A try that gets no answer (timed out after +timeout, 5 s by default: dighost.h UDP_TIMEOUT) or
 * an ICMP port unreachable (connection refused: dig's UDP socket is connected, so the error comes
 * back at once) prints `;; communications error to SERVER#53: TEXT` and dig tries again while
 * tries remain (+tries, 3 by default); then the command line and `;; no servers could be reached`
 * (bind9 bin/dig/dighost.c recv_done, 9.18; isc_result_totext: "timed out", "connection refused").
 */
import { fqdn } from '../names.ts';
import { rdataText } from '../record-text.ts';
import type { SendResult, SentQuery } from '../resolver.ts';
import type { RRType, ResourceRecord } from '../types.ts';
import { messageLength } from '../wire-size.ts';
import { Printer, type ToolContext, type ToolOutput } from './context.ts';

/** bind9 in Debian 12 (bookworm), as dnsutils-style images have it. */
export const DIG_VERSION = '9.18.33-1~deb12u2-Debian';
const COOKIE_BYTES = 8;

export interface DigRequest {
  name: string;
  type: RRType;
  /** `+short`: the RDATA lines only. */
  short?: boolean;
  /** `+search`: walk the resolv.conf search list as the resolver would. */
  search?: boolean;
  /** The words after `dig`, for the `; <<>> DiG ... <<>> ...` line. */
  argv: string[];
  /** `+tries=N` (or `+retry=N-1`): UDP attempts per server, at least 1. */
  tries?: number;
  /** `+timeout=N`: seconds to wait for each attempt, at least 1. */
  timeout?: number;
}

/** dig's defaults (bin/dig/dighost.c `tries = 3`, dighost.h UDP_TIMEOUT 5). */
const DEFAULT_TRIES = 3;
const DEFAULT_TIMEOUT_S = 5;

export interface DigClock {
  /** Simulated time the reply arrived, ms since the epoch. */
  now: number;
  /**
   * Round trip of the answered query in ms. svcsim's clock has no sub-millisecond latency, and
   * dig truncates microseconds to whole ms, so callers pass 0: what an in-cluster dig to CoreDNS
   * on the same network mostly reads.
   */
  queryTimeMs: number;
  /** Random draws for the message id and the cookie. */
  rand: () => number;
}

// The command line: dig-args.ts (dig.c parse_args).
export { parseDigArgs } from './dig-args.ts';

export function dig(req: DigRequest, ctx: ToolContext, clock: DigClock): ToolOutput {
  const p = new Printer();
  const server = ctx.config.nameservers[0] ?? '127.0.0.1';
  const names = req.search && !req.name.endsWith('.') ? searchNames(req.name, ctx) : [fqdn(req.name)];
  const queries: SentQuery[] = [];
  const tries = req.tries ?? DEFAULT_TRIES;
  let res: SendResult = 'timeout';
  for (const n of names) {
    const query = { name: n, type: req.type, rd: true };
    res = ctx.send(query);
    queries.push({ query, result: res, tries: typeof res === 'string' ? tries : 1 });
    if (typeof res === 'string' || res.rcode !== 'NXDOMAIN') break;
  }
  if (typeof res === 'string') {
    p.out(`;; communications error to ${server}#53: ${res === 'refused' ? 'connection refused' : 'timed out'}\n`.repeat(tries));
    if (!req.short) p.out(`\n; <<>> DiG ${DIG_VERSION} <<>> ${req.argv.join(' ')}\n;; global options: +cmd\n`);
    p.out(';; no servers could be reached\n');
    // Refused tries end at once; each silent one waits its whole timeout.
    return p.done(9, queries, res === 'refused' ? 0 : tries * (req.timeout ?? DEFAULT_TIMEOUT_S) * 1000);
  }
  if (req.short) {
    for (const rr of res.answer) p.out(`${rdataText(rr)}\n`);
    return p.done(0, queries);
  }
  const id = Math.floor(clock.rand() * 65536);
  let cookie = '';
  for (let i = 0; i < COOKIE_BYTES; i++) cookie += Math.floor(clock.rand() * 256).toString(16).padStart(2, '0');
  const flags = ['qr', res.flags.aa ? 'aa' : '', res.flags.tc ? 'tc' : '', res.flags.rd ? 'rd' : '', res.flags.ra ? 'ra' : ''].filter(Boolean).join(' ');
  p.out(`\n; <<>> DiG ${DIG_VERSION} <<>> ${req.argv.join(' ')}\n;; global options: +cmd\n;; Got answer:\n`);
  if (/\.local\.$/i.test(res.question.name)) p.out(';; WARNING: .local is reserved for Multicast DNS\n;; You are currently testing what happens when an mDNS query is leaked to DNS\n');
  p.out(`;; ->>HEADER<<- opcode: QUERY, status: ${res.rcode}, id: ${id}\n`);
  p.out(`;; flags: ${flags}; QUERY: 1, ANSWER: ${res.answer.length}, AUTHORITY: ${res.authority.length}, ADDITIONAL: ${res.additional.length + 1}\n`);
  if (res.flags.rd && !res.flags.ra) p.out(';; WARNING: recursion requested but not available\n');
  p.out(`\n;; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: 1232\n; COOKIE: ${cookie} (echoed)\n`);
  p.out(`;; QUESTION SECTION:\n${columns([[`;${res.question.name}`, 32], ['IN', 40], [res.question.type]])}\n`);
  const section = (title: string, rs: ResourceRecord[]) => {
    if (!rs.length) return;
    p.out(`\n;; ${title} SECTION:\n`);
    for (const r of rs) p.out(`${recordColumns(r)}\n`);
  };
  section('ANSWER', res.answer);
  section('AUTHORITY', res.authority);
  section('ADDITIONAL', res.additional);
  const size = messageLength(res.question, [...res.answer, ...res.authority, ...res.additional], { optionBytes: 4 + COOKIE_BYTES });
  p.out(`\n;; Query time: ${clock.queryTimeMs} msec\n;; SERVER: ${server}#53(${server}) (UDP)\n;; WHEN: ${whenText(clock.now)}\n;; MSG SIZE  rcvd: ${size}\n\n`);
  return p.done(0, queries);
}

function searchNames(name: string, ctx: ToolContext): string[] {
  return [...ctx.config.searches.map((s) => fqdn(`${name}.${s}`)), fqdn(name)];
}

/** Fields, each followed by tabs (of 8) up to its column, or one space when already past it. */
function columns(fields: [string, number?][]): string {
  let line = '';
  let col = 0;
  for (const [text, to] of fields) {
    line += text;
    col += text.length;
    if (to === undefined) continue;
    if (col >= to) {
      line += ' ';
      col += 1;
      continue;
    }
    while (col < to) {
      line += '\t';
      col = (Math.floor(col / 8) + 1) * 8;
    }
  }
  return line;
}

/** name (to col 24), TTL (to 32), class (to 40), type (to 48), data. */
export function recordColumns(r: ResourceRecord): string {
  return columns([[r.name, 24], [String(r.ttl), 32], ['IN', 40], [r.type, 48], [rdataText(r)]]);
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** strftime("%a %b %d %H:%M:%S %Z %Y") in UTC, the pods' time zone. */
export function whenText(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}
