/**
 * How `nft list` prints a base chain's priority (nftables src/rule.c prio2str): within 10 of a
 * standard priority that is valid for the family and hook, the name plus the offset
 * (`dstnat - 10`); otherwise the number. A matching name that is not valid for the hook stops
 * the search: -110 on input prints `-110`.
 * nftables 1.0.6 (Debian 12, the node svcsim models; std_prio_family_hook_compat) names dstnat
 * (-100) only on prerouting and srcnat (100) only on postrouting: `nat-output` lists as
 * `priority -100`, `filter-output-pre-dnat` as `-110` (REAL kube-proxy dump: "type nat hook output
 * priority -100", "type filter hook output priority -90"). nftables 1.0.9 added output/input
 * (netfilter bugzilla 1694, "rule: allow dstnat/srcnat in output/input"); not modelled.
 */
import type { NftHook } from './types.ts';

const STD: readonly { value: number; name: string }[] = [
  { value: -300, name: 'raw' },
  { value: -150, name: 'mangle' },
  { value: -100, name: 'dstnat' },
  { value: 0, name: 'filter' },
  { value: 50, name: 'security' },
  { value: 100, name: 'srcnat' },
];

function compatible(name: string, hook: NftHook): boolean {
  switch (name) {
    case 'dstnat':
      return hook === 'prerouting';
    case 'srcnat':
      return hook === 'postrouting';
    default:
      return true;
  }
}

export function priorityText(priority: number, hook: NftHook): string {
  for (const s of STD) {
    const offset = priority - s.value;
    if (Math.abs(offset) <= 10) {
      if (!compatible(s.name, hook)) break;
      return offset > 0 ? `${s.name} + ${offset}` : offset < 0 ? `${s.name} - ${-offset}` : s.name;
    }
  }
  return String(priority);
}
