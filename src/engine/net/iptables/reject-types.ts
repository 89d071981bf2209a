/**
 * REJECT's `--reject-with` types for IPv4 and the short aliases iptables accepts
 * (iptables extensions/libipt_REJECT.c reject_table); save and list print the long name.
 */
export const REJECT_TYPES = [
  'icmp-net-unreachable',
  'icmp-host-unreachable',
  'icmp-port-unreachable',
  'icmp-proto-unreachable',
  'icmp-net-prohibited',
  'icmp-host-prohibited',
  'icmp-admin-prohibited',
  'tcp-reset',
] as const;

const ALIASES: Record<string, (typeof REJECT_TYPES)[number]> = {
  'net-unreach': 'icmp-net-unreachable',
  'host-unreach': 'icmp-host-unreachable',
  'port-unreach': 'icmp-port-unreachable',
  'proto-unreach': 'icmp-proto-unreachable',
  'net-prohib': 'icmp-net-prohibited',
  'host-prohib': 'icmp-host-prohibited',
  'admin-prohib': 'icmp-admin-prohibited',
  'tcp-rst': 'tcp-reset',
};

/** The long name for a type or alias, or undefined when iptables would refuse it. */
export function canonicalRejectType(text: string): string | undefined {
  if ((REJECT_TYPES as readonly string[]).includes(text)) return text;
  return ALIASES[text];
}
