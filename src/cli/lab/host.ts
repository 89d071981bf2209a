/**
 * Whether this machine can hold a lab, said plainly when it cannot: Linux, root, iproute2
 * with network namespaces, the table tools for the mode, sysctl, nfacct, and what the kernel
 * offers (nf_tables, ip_vs, br_netfilter), read at run time.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface HostCheck {
  ok: boolean;
  /** Why not, one reason a line. */
  reasons: string[];
}

export function hasTool(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore', env: { ...process.env, PATH: `${process.env.PATH ?? ''}:/usr/sbin:/sbin` } }).status === 0;
}

/** What the kernel can do, read from /proc (there may be no module directory to load more from). */
export function kernelFeatures(): { nfTables: boolean; ipVs: boolean; brNetfilter: boolean; netns: boolean } {
  return {
    nfTables: existsSync('/proc/net/netfilter') || existsSync('/proc/sys/net/netfilter'),
    ipVs: existsSync('/proc/net/ip_vs'),
    brNetfilter: existsSync('/proc/sys/net/bridge/bridge-nf-call-iptables'),
    netns: existsSync('/proc/self/ns/net'),
  };
}

export function checkHost(mode: 'iptables' | 'nftables', prefix: string): HostCheck {
  const reasons: string[] = [];
  if (process.platform !== 'linux') return { ok: false, reasons: [`not Linux (${process.platform})`] };
  if (process.getuid?.() !== 0) reasons.push('not root (network namespaces and netfilter need root)');
  for (const tool of ['ip', 'bridge', 'sysctl', 'iptables-restore', 'nfacct', 'conntrack', ...(mode === 'nftables' ? ['nft'] : [])]) {
    if (!hasTool(tool)) reasons.push(`${tool} not found (Debian: apt-get install iproute2 procps iptables nfacct conntrack${mode === 'nftables' ? ' nftables' : ''})`);
  }
  const k = kernelFeatures();
  if (!k.netns) reasons.push('the kernel has no network namespaces');
  if (!k.brNetfilter) reasons.push('br_netfilter is not usable (no /proc/sys/net/bridge): bridged pod traffic would skip iptables');
  if (!k.nfTables) reasons.push('netfilter is not usable in this kernel');
  if (reasons.length) return { ok: false, reasons };
  // The real test: make and remove one namespace.
  const probe = `${prefix}probe`;
  const add = spawnSync('ip', ['netns', 'add', probe], { encoding: 'utf8' });
  if (add.status !== 0) return { ok: false, reasons: [`ip netns add fails: ${(add.stderr || add.error?.message || '').trim()}`] };
  spawnSync('ip', ['netns', 'del', probe]);
  return { ok: true, reasons: [] };
}
