/**
 * `nslookup NAME` of busybox 1.28 and earlier (networking/nslookup.c at 1_28_4): getaddrinfo on
 * the name, then every address reverse-resolved (`Address N: IP NAME`), headers `%-10s %s`.
 * On musl (Alpine images such as nginx:1.14-alpine) the resolver state `_res` is empty, so the
 * server line fails with `nslookup: can't resolve '(null)': Name does not resolve` on stderr,
 * as seed 001 shows; on glibc (busybox:1.28) it prints the server and its reverse name.
 * Every wait is the C library's: musl's 5 s window per lookup, glibc's timeout x attempts, and
 * nothing at all when glibc's connected socket hears the server refuse (EAI_AGAIN at once).
 */
import { lookupAddresses, muslSort, reverseLookup, type Libc, type SentQuery } from '../resolver.ts';
import { Printer, type ToolContext, type ToolOutput } from './context.ts';

/** gai_strerror texts: musl src/network/gai_strerror.c, glibc. */
const GAI = {
  musl: { noname: 'Name does not resolve', again: 'Try again', fail: 'Non-recoverable error' },
  glibc: { noname: 'Name or service not known', again: 'Temporary failure in name resolution', fail: 'Non-recoverable failure in name resolution' },
};

export function nslookupBusyboxOld(name: string, ctx: ToolContext, libc: Libc): ToolOutput {
  const p = new Printer();
  const queries: SentQuery[] = [];
  const waited = { ms: 0 };
  const server = ctx.config.nameservers[0] ?? '127.0.0.1';
  if (libc === 'musl') p.err(`nslookup: can't resolve '(null)': ${GAI.musl.noname}\n`);
  else printHost(p, server, 'Server:', ctx, libc, queries, waited);
  p.out('\n');
  const ok = printHost(p, name, 'Name:', ctx, libc, queries, waited);
  return p.done(ok ? 0 : 1, queries, waited.ms);
}

function printHost(p: Printer, hostname: string, header: string, ctx: ToolContext, libc: Libc, queries: SentQuery[], waited: { ms: number }): boolean {
  const r = lookupAddresses(hostname, ctx.config, ctx.send, { libc, hosts: ctx.hosts });
  queries.push(...r.queries);
  waited.ms += r.waitedMs;
  const o = r.outcome;
  if (o.kind === 'found' || o.kind === 'hosts' || o.kind === 'literal') {
    const addrs = libc === 'musl' ? muslSort(o.addresses, ctx.podIP) : o.addresses;
    p.out(`${header.padEnd(10)} ${hostname}\n`);
    addrs.forEach((ip, i) => {
      const rev = reverseLookup(ip, ctx.send, ctx.hosts, { libc, config: ctx.config });
      queries.push(...rev.queries);
      waited.ms += rev.waitedMs;
      p.out(`Address ${i + 1}: ${ip}${rev.name ? ` ${rev.name}` : ''}\n`);
    });
    return true;
  }
  const msg = o.kind === 'timeout' || o.kind === 'refused' || o.kind === 'servfail' ? GAI[libc].again : GAI[libc].noname;
  p.err(`nslookup: can't resolve '${hostname}': ${msg}\n`);
  return false;
}
