/**
 * `nslookup NAME` of busybox 1.29 and later (networking/nslookup.c at 1_36_1): its own resolver.
 * A name without a dot gets one query per search domain (A for each, then AAAA for each); a name
 * with a dot is sent as it is, no search. All go out at once; each reply prints a block: the
 * answer records, or `** server can't find NAME: RCODE`, then an empty line.
 *
 * send_queries: one UDP socket, connect()ed to the server; every query written, resent each
 * timeout/retry (2.5 s), for 5 s in all (-timeout=5, -retry=2: busybox's own defaults, not
 * resolv.conf's). A server answering ICMP port unreachable: the error reaches the socket before
 * the first write() returns (veth -> the node's REJECT -> veth back, all in the sender's softirq),
 * so a second write() fails with it (`write to 'SERVER': Connection refused`, server given up at
 * once); with a single query, read() reports it after each send (`read: Connection refused`)
 * until the 5 s are over. Either way: `;; connection timed out; no servers could be reached`.
 * One socket is one source port: the node's conntrack keeps one UDP entry for the whole lookup,
 * DNATed once, so one CoreDNS pod answers every query. All are written before any reply is
 * read; replies print as they arrive, which from one CoreDNS pod is the order they were sent.
 */
import { fqdn, isIPv4, reverseName, withoutDot } from '../names.ts';
import { openSocket, type SentQuery } from '../resolver.ts';
import type { DnsResponse, RRType } from '../types.ts';
import { Printer, type ToolContext, type ToolOutput } from './context.ts';

/** G.default_timeout (s) and G.default_retry of networking/nslookup.c. */
const TIMEOUT_MS = 5000;
const RETRY = 2;

export function nslookupBusybox(name: string, ctx: ToolContext, type?: RRType): ToolOutput {
  const p = new Printer();
  const server = ctx.config.nameservers[0] ?? '127.0.0.1';
  const names: { name: string; type: RRType }[] = [];
  const search = ctx.config.searches.length ? ctx.config.searches : [];
  const withSearch = (t: RRType, n: string) => {
    if (t === 'PTR' || !search.length || n.includes('.')) names.push({ name: n, type: t });
    else for (const s of search) names.push({ name: `${n}.${s}`, type: t });
  };
  const ptr = isIPv4(name) ? reverseName(name) : undefined;
  if (type) withSearch(type, name);
  else if (ptr) names.push({ name: withoutDot(ptr), type: 'PTR' });
  else {
    withSearch('A', name);
    withSearch('AAAA', name);
  }
  const queries: SentQuery[] = [];
  const noServer = (elapsedMs: number) => {
    p.out(';; connection timed out; no servers could be reached\n\n');
    return p.done(1, queries, elapsedMs);
  };
  let exit = 0;
  let replies = 0;
  const socket = openSocket();
  for (const q of names) {
    const query = { name: fqdn(q.name), type: q.type, rd: true };
    const result = ctx.send(query, socket);
    queries.push({ query, result, tries: typeof result === 'string' ? RETRY : 1 });
    if (result === 'refused') {
      if (names.length === 1) {
        p.err('nslookup: read: Connection refused\n'.repeat(RETRY));
        return noServer(TIMEOUT_MS);
      }
      queries[queries.length - 1].tries = 1;
      p.err(`nslookup: write to '${server}': Connection refused\n`);
      return noServer(0);
    }
    if (result === 'timeout') continue;
    if (replies++ === 0) p.out(`Server:\t\t${server}\nAddress:\t${server}:53\n\n`);
    if (result.rcode !== 'NOERROR') {
      p.out(`** server can't find ${q.name}: ${result.rcode}\n`);
      exit = 1;
    } else printReply(p, result);
    p.out('\n');
  }
  if (replies === 0) return noServer(TIMEOUT_MS);
  const unanswered = queries.filter((q) => q.result === 'timeout');
  for (const q of unanswered) p.out(`*** Can't find ${withoutDot(q.query.name)}: No answer\n`);
  if (unanswered.length) p.out('\n');
  // Waiting for the missing replies lasts the whole timeout.
  return p.done(exit, queries, unanswered.length ? TIMEOUT_MS : 0);
}

/** parse_reply: `Non-authoritative answer:` unless aa, then one line (or two) per answer record. */
function printReply(p: Printer, r: DnsResponse): void {
  if (!r.flags.aa) p.out('Non-authoritative answer:\n');
  for (const rr of r.answer) {
    const owner = withoutDot(rr.name);
    switch (rr.type) {
      case 'A':
      case 'AAAA':
        p.out(`Name:\t${owner}\nAddress: ${rr.address}\n`);
        break;
      case 'NS':
        p.out(`${owner}\tnameserver = ${withoutDot(rr.target)}\n`);
        break;
      case 'CNAME':
        p.out(`${owner}\tcanonical name = ${withoutDot(rr.target)}\n`);
        break;
      case 'PTR':
        p.out(`${owner}\tname = ${withoutDot(rr.target)}\n`);
        break;
      case 'MX':
        p.out(`${owner}\tmail exchanger = ${rr.preference} ${withoutDot(rr.exchange)}\n`);
        break;
      case 'TXT':
        p.out(`${owner}\ttext = "${rr.text.join('')}"\n`);
        break;
      case 'SRV':
        p.out(`${owner}\tservice = ${rr.priority} ${rr.weight} ${rr.port} ${withoutDot(rr.target)}\n`);
        break;
      case 'SOA':
        p.out(`${owner}\n\torigin = ${withoutDot(rr.mname)}\n\tmail addr = ${withoutDot(rr.rname)}\n\tserial = ${rr.serial}\n\trefresh = ${rr.refresh}\n\tretry = ${rr.retry}\n\texpire = ${rr.expire}\n\tminimum = ${rr.minimum}\n`);
        break;
    }
  }
}
