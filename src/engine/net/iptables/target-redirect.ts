/**
 * The REDIRECT target (`-j REDIRECT [--to-ports PORT[-PORT]] [--random]`), which kube-proxy's
 * userspace mode (<= v1.25) wrote to send ClusterIP traffic into its own listening socket.
 * Kernel (net/netfilter/nf_nat_redirect.c nf_nat_redirect_ipv4): a locally generated packet
 * (nat OUTPUT) goes to 127.0.0.1; any other goes to the primary (first) address of the
 * interface it came in on, and is dropped when that interface has none. The port becomes the
 * first port of the range. iptables prints it as libxt_REDIRECT does: `--to-ports 36463` in
 * iptables-save, `redir ports 36463` in `iptables -L`.
 */
import type { Packet } from '../packet.ts';
import type { PortRange } from './rule.ts';
import type { BuiltinChain, FilterContext } from './types.ts';

export interface RedirectTarget {
  kind: 'REDIRECT';
  ports?: PortRange;
  random: boolean;
}

export const REDIRECT_OPTIONS: Readonly<Record<string, number>> = { '--to-ports': 1, '--random': 0 };

export function newRedirect(): RedirectTarget {
  return { kind: 'REDIRECT', random: false };
}

function portsText(p: PortRange): string {
  return p.min === p.max ? `${p.min}` : `${p.min}-${p.max}`;
}

/** libxt_REDIRECT save: ` --to-ports N[-M]` and ` --random`. */
export function redirectSaveOptions(t: RedirectTarget): string {
  return (t.ports ? ` --to-ports ${portsText(t.ports)}` : '') + (t.random ? ' --random' : '');
}

/** libxt_REDIRECT print: ` redir ports N[-M]` and ` random`. */
export function redirectListOptions(t: RedirectTarget): string {
  return (t.ports ? ` redir ports ${portsText(t.ports)}` : '') + (t.random ? ' random' : '');
}

/**
 * Where REDIRECT sends the packet, or undefined when the kernel drops it (the incoming
 * interface has no address). `hook` OUTPUT means locally generated.
 */
export function redirectDestination(t: RedirectTarget, packet: Packet, hook: BuiltinChain, ctx: FilterContext): { ip: string; port: number } | undefined {
  const port = t.ports ? t.ports.min : packet.dport;
  if (hook === 'OUTPUT') return { ip: '127.0.0.1', port };
  const ip = ctx.inIface === undefined ? undefined : ctx.primaryAddress?.(ctx.inIface);
  return ip === undefined ? undefined : { ip, port };
}
