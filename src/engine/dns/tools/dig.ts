/**
 * `dig` of bind 9.18 (dnsutils): no search list (+nosearch is the default), one query with EDNS
 * (udp 1232) and a client COOKIE, which CoreDNS echoes; the reply in dig's layout (columns at 24,
 * 32, 40 and 48 reached with tabs, as bind's master-file style does). `;; WHEN:` and
 * `;; Query time:` come from the simulated clock.
 */
import { fqdn, reverseName } from '../names.ts';
import { rdataText } from '../record-text.ts';
import type { SentQuery } from '../resolver.ts';
import type { DnsResponse, RRType, ResourceRecord } from '../types.ts';
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
}

export interface DigClock {
  /** Simulated time the reply arrived, ms since the epoch. */
  now: number;
  /** Round trip in ms (the lead's packet walk). */
  queryTimeMs: number;
  /** Random draws for the message id and the cookie. */
  rand: () => number;
}

const TYPES: RRType[] = ['A', 'AAAA', 'CNAME', 'PTR', 'SRV', 'TXT', 'SOA', 'NS', 'MX', 'ANY'];

/** `dig [@server] NAME [TYPE] [-x IP] [+short] [+search]`; unknown `+options` are ignored. */
export function parseDigArgs(argv: string[]): DigRequest | { error: string } {
  let name: string | undefined;
  let type: RRType | undefined;
  let short = false;
  let search = false;
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i];
    if (w === '-x') {
      const ip = argv[++i];
      const rev = ip ? reverseName(ip) : undefined;
      if (!rev) return { error: `Invalid IP address ${ip ?? ''}` };
      name = rev;
      type = 'PTR';
    } else if (w === '+short') short = true;
    else if (w === '+search') search = true;
    else if (w.startsWith('+') || w.startsWith('@')) continue;
    else if (TYPES.includes(w.toUpperCase() as RRType) && name !== undefined) type = w.toUpperCase() as RRType;
    else if (name === undefined) name = w;
    else name = w; // dig takes the last name
  }
  return { name: name ?? '.', type: type ?? (name === undefined ? 'NS' : 'A'), short, search, argv };
}

export function dig(req: DigRequest, ctx: ToolContext, clock: DigClock): ToolOutput {
  const p = new Printer();
  const server = ctx.config.nameservers[0] ?? '127.0.0.1';
  const names = req.search && !req.name.endsWith('.') ? searchNames(req.name, ctx) : [fqdn(req.name)];
  const queries: SentQuery[] = [];
  let res: DnsResponse | 'timeout' = 'timeout';
  for (const n of names) {
    const query = { name: n, type: req.type, rd: true };
    res = ctx.send(query);
    queries.push({ query, result: res, tries: res === 'timeout' ? 3 : 1 });
    if (res === 'timeout' || res.rcode !== 'NXDOMAIN') break;
  }
  if (res === 'timeout') {
    p.out(`;; communications error to ${server}#53: timed out\n`.repeat(3));
    if (!req.short) p.out(`\n; <<>> DiG ${DIG_VERSION} <<>> ${req.argv.join(' ')}\n;; global options: +cmd\n`);
    p.out(';; no servers could be reached\n');
    return p.done(9, queries);
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
