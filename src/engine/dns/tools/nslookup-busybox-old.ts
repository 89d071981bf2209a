/**
 * `nslookup NAME` of busybox 1.28 and earlier (networking/nslookup.c at 1_28_4): getaddrinfo on
 * the name, then every address reverse-resolved (`Address N: IP NAME`), headers `%-10s %s`.
 * On musl (Alpine images such as nginx:1.14-alpine) the resolver state `_res` is empty, so the
 * server line fails with `nslookup: can't resolve '(null)': Name does not resolve` on stderr,
 * as seed 001 shows; on glibc (busybox:1.28) it prints the server and its reverse name.
 * `can't resolve 'X'` carries the gai_strerror text only with CONFIG_VERBOSE_RESOLUTION_ERRORS
 * (on in Alpine's busybox, off in the busybox image: flavor.ts), the server line's too.
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

export interface BusyboxOldBuild {
  /** CONFIG_VERBOSE_RESOLUTION_ERRORS (default: on, as in Alpine, seed 001's nginx:1.14-alpine). */
  verboseErrors?: boolean;
}

export function nslookupBusyboxOld(name: string, ctx: ToolContext, libc: Libc, build: BusyboxOldBuild = {}): ToolOutput {
  const p = new Printer();
  const queries: SentQuery[] = [];
  const waited = { ms: 0 };
  const verbose = build.verboseErrors ?? true;
  const server = ctx.config.nameservers[0] ?? '127.0.0.1';
  if (libc === 'musl') p.err(cantResolve('(null)', GAI.musl.noname, verbose));
  else printHost(p, server, 'Server:', ctx, libc, queries, waited, verbose);
  p.out('\n');
  const ok = printHost(p, name, 'Name:', ctx, libc, queries, waited, verbose);
  return p.done(ok ? 0 : 1, queries, waited.ms);
}

/** bb_error_msg of print_host's failure branch. */
function cantResolve(hostname: string, why: string, verbose: boolean): string {
  return verbose ? `nslookup: can't resolve '${hostname}': ${why}\n` : `nslookup: can't resolve '${hostname}'\n`;
}

function printHost(p: Printer, hostname: string, header: string, ctx: ToolContext, libc: Libc, queries: SentQuery[], waited: { ms: number }, verbose: boolean): boolean {
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
  p.err(cantResolve(hostname, msg, verbose));
  return false;
}
