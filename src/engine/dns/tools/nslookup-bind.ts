/**
 * `nslookup NAME` of bind9 (dnsutils, bind 9.18): the search list as the resolver walks it
 * (glibc order), A then AAAA for the name found; `Address:\t10.96.0.10#53`; names in records
 * end with a dot; NODATA prints nothing; NXDOMAIN ends with `** server can't find NAME: NXDOMAIN`.
 * A server that does not answer: dig's recv_done (bin/dig/dighost.c, shared by nslookup) prints
 * `;; communications error to SERVER#53: timed out` per try (3 tries of 5 s), or `connection
 * refused` at once when ICMP port unreachable comes back on its connected UDP socket.
 */
import { fqdn, isIPv4, reverseName, withoutDot } from '../names.ts';
import { candidates, type SendResult, type SentQuery } from '../resolver.ts';
import type { DnsResponse, RRType } from '../types.ts';
import { Printer, type ToolContext, type ToolOutput } from './context.ts';

/** dig's defaults, which nslookup shares (dighost.c `tries = 3`, dighost.h UDP_TIMEOUT 5). */
const TRIES = 3;
const TIMEOUT_MS = 5000;

export function nslookupBind(name: string, ctx: ToolContext): ToolOutput {
  const p = new Printer();
  const server = ctx.config.nameservers[0] ?? '127.0.0.1';
  const queries: SentQuery[] = [];
  const ask = (qname: string, type: RRType): SendResult => {
    const query = { name: fqdn(qname), type, rd: true };
    const result = ctx.send(query);
    queries.push({ query, result, tries: typeof result === 'string' ? TRIES : 1 });
    return result;
  };
  const unanswered = (how: 'timeout' | 'refused') => {
    p.out(`;; communications error to ${server}#53: ${how === 'refused' ? 'connection refused' : 'timed out'}\n`.repeat(TRIES) + ';; no servers could be reached\n\n');
    return p.done(1, queries, how === 'refused' ? 0 : TRIES * TIMEOUT_MS);
  };
  const header = () => p.out(`Server:\t\t${server}\nAddress:\t${server}#53\n\n`);
  const ptr = isIPv4(name) ? reverseName(name) : undefined;
  if (ptr) {
    const r = ask(ptr, 'PTR');
    if (typeof r === 'string') return unanswered(r);
    header();
    if (r.rcode !== 'NOERROR') {
      p.out(`** server can't find ${withoutDot(ptr)}: ${r.rcode}\n\n`);
      return p.done(1, queries);
    }
    if (!r.flags.aa) p.out('Non-authoritative answer:\n');
    for (const rr of r.answer) if (rr.type === 'PTR') p.out(`${withoutDot(rr.name)}\tname = ${rr.target}\n`);
    p.out('\n');
    return p.done(0, queries);
  }
  let last: DnsResponse | undefined;
  for (const candidate of candidates(name, ctx.config, 'glibc')) {
    const a = ask(candidate, 'A');
    if (typeof a === 'string') return unanswered(a);
    last = a;
    if (a.rcode === 'NOERROR' && a.answer.length) {
      header();
      if (!a.flags.aa) p.out('Non-authoritative answer:\n');
      printAnswers(p, a);
      const aaaa = ask(candidate, 'AAAA');
      if (typeof aaaa !== 'string' && aaaa.rcode === 'NOERROR') printAnswers(p, aaaa, true);
      p.out('\n');
      return p.done(0, queries);
    }
    if (a.rcode === 'NOERROR') {
      // NODATA for A: bind still asks AAAA for this name, then stops.
      const aaaa = ask(candidate, 'AAAA');
      if (typeof aaaa !== 'string' && aaaa.rcode === 'NOERROR' && aaaa.answer.length) {
        header();
        if (!aaaa.flags.aa) p.out('Non-authoritative answer:\n');
        printAnswers(p, aaaa);
        p.out('\n');
        return p.done(0, queries);
      }
    }
  }
  header();
  p.out(`** server can't find ${name}: ${last?.rcode === 'NOERROR' ? 'NXDOMAIN' : (last?.rcode ?? 'NXDOMAIN')}\n\n`);
  return p.done(1, queries);
}

function printAnswers(p: Printer, r: DnsResponse, skipCname = false): void {
  for (const rr of r.answer) {
    if (rr.type === 'A' || rr.type === 'AAAA') p.out(`Name:\t${withoutDot(rr.name)}\nAddress: ${rr.address}\n`);
    else if (rr.type === 'CNAME' && !skipCname) p.out(`${withoutDot(rr.name)}\tcanonical name = ${rr.target}\n`);
  }
}
