/**
 * `getent hosts NAME` (glibc nss/getent.c hosts_keys + print_hosts): an address is looked up in
 * reverse; a name with gethostbyname2(AF_INET6) first, then AF_INET (so AAAA queries walk the
 * whole search list before any A query). Each address: `%-15s %s` and the aliases; exit 2 when
 * nothing is found.
 */
import { isIPv4, withoutDot } from '../names.ts';
import { lookupAddresses, reverseLookup, type SentQuery } from '../resolver.ts';
import { Printer, type ToolContext, type ToolOutput } from './context.ts';

export function getentHosts(name: string, ctx: ToolContext): ToolOutput {
  const p = new Printer();
  const queries: SentQuery[] = [];
  if (isIPv4(name)) {
    const rev = reverseLookup(name, ctx.send, ctx.hosts);
    queries.push(...rev.queries);
    if (!rev.name) return p.done(2, queries);
    const aliases = ctx.hosts.find((h) => h.ip === name)?.names.slice(1) ?? [];
    p.out(`${name.padEnd(15)} ${[rev.name, ...aliases].join(' ')}\n`);
    return p.done(0, queries);
  }
  for (const family of ['ipv6', 'ipv4'] as const) {
    const r = lookupAddresses(name, ctx.config, ctx.send, { libc: 'glibc', family, hosts: ctx.hosts });
    queries.push(...r.queries);
    const o = r.outcome;
    if (o.kind === 'hosts') {
      const entry = ctx.hosts.find((h) => h.names.some((n) => n.toLowerCase() === name.toLowerCase()));
      const wanted = o.addresses.filter((a) => (family === 'ipv6') === a.includes(':'));
      if (!wanted.length) continue;
      for (const ip of wanted) p.out(`${ip.padEnd(15)} ${(entry?.names ?? [o.canonical]).join(' ')}\n`);
      return p.done(0, queries);
    }
    if (o.kind === 'found') {
      const canonical = withoutDot(o.canonical);
      // The names the CNAME chain went through are the aliases (glibc getanswer_r).
      const aliases = o.records.filter((rr) => rr.type === 'CNAME').map((rr) => withoutDot(rr.name));
      for (const ip of o.addresses) p.out(`${ip.padEnd(15)} ${[canonical, ...aliases].join(' ')}\n`);
      return p.done(0, queries);
    }
    if (o.kind === 'timeout' || o.kind === 'invalid-name') return p.done(2, queries);
  }
  return p.done(2, queries);
}
