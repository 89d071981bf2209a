/**
 * `getent hosts NAME` (glibc nss/getent.c hosts_keys + print_hosts): an address is looked up in
 * reverse; a name with gethostbyname2(AF_INET6) first, then AF_INET (so AAAA queries walk the
 * whole search list before any A query). Each address: `%-15s %s` and the aliases; exit 2 when
 * nothing is found. A failed AF_INET6 lookup (timed out or refused included) still goes on to
 * AF_INET, so a silent server costs glibc's wait twice.
 */
import { isIPv4, withoutDot } from '../names.ts';
import { lookupAddresses, reverseLookup, type SentQuery } from '../resolver.ts';
import { Printer, type ToolContext, type ToolOutput } from './context.ts';

export function getentHosts(name: string, ctx: ToolContext): ToolOutput {
  const p = new Printer();
  const queries: SentQuery[] = [];
  let waited = 0;
  if (isIPv4(name)) {
    const rev = reverseLookup(name, ctx.send, ctx.hosts, { libc: 'glibc', config: ctx.config });
    queries.push(...rev.queries);
    if (!rev.name) return p.done(2, queries, rev.waitedMs);
    const aliases = ctx.hosts.find((h) => h.ip === name)?.names.slice(1) ?? [];
    p.out(`${name.padEnd(15)} ${[rev.name, ...aliases].join(' ')}\n`);
    return p.done(0, queries);
  }
  for (const family of ['ipv6', 'ipv4'] as const) {
    const r = lookupAddresses(name, ctx.config, ctx.send, { libc: 'glibc', family, hosts: ctx.hosts });
    queries.push(...r.queries);
    waited += r.waitedMs;
    const o = r.outcome;
    if (o.kind === 'hosts') {
      const entry = ctx.hosts.find((h) => h.names.some((n) => n.toLowerCase() === name.toLowerCase()));
      const wanted = o.addresses.filter((a) => (family === 'ipv6') === a.includes(':'));
      if (!wanted.length) continue;
      for (const ip of wanted) p.out(`${ip.padEnd(15)} ${(entry?.names ?? [o.canonical]).join(' ')}\n`);
      return p.done(0, queries, waited);
    }
    if (o.kind === 'found') {
      const canonical = withoutDot(o.canonical);
      // The names the CNAME chain went through are the aliases (glibc getanswer_r).
      const aliases = o.records.filter((rr) => rr.type === 'CNAME').map((rr) => withoutDot(rr.name));
      for (const ip of o.addresses) p.out(`${ip.padEnd(15)} ${[canonical, ...aliases].join(' ')}\n`);
      return p.done(0, queries, waited);
    }
    if (o.kind === 'invalid-name') return p.done(2, queries, waited);
  }
  return p.done(2, queries, waited);
}
