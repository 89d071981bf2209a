/**
 * The rules kubelet v1.33 keeps on every node (kubernetes pkg/kubelet/kubelet_network_linux.go
 * syncIPTablesRules, and utiliptables Monitor's canary chains): since kube-proxy owns
 * KUBE-MARK-MASQ and KUBE-POSTROUTING (KEP-3178, v1.28+), kubelet only writes the
 * KUBE-IPTABLES-HINT chain in mangle, KUBE-FIREWALL with its martian-localhost rule and the
 * jumps to it from INPUT and OUTPUT (inserted with `-I`), and KUBE-KUBELET-CANARY in mangle,
 * nat and filter. IPv4 only.
 */
import type { RuleSpec, Ruleset } from './types.ts';

const author = 'kubelet' as const;

/** Args as kubelet passes them to the iptables binary (no shell quoting). */
export const KUBELET_FIREWALL_RULE: readonly string[] = [
  '-m', 'comment', '--comment', 'block incoming localnet connections',
  '--dst', '127.0.0.0/8',
  '!', '--src', '127.0.0.0/8',
  '-m', 'conntrack',
  '!', '--ctstate', 'RELATED,ESTABLISHED,DNAT',
  '-j', 'DROP',
];

const rule = (chain: string, args: readonly string[]): RuleSpec => ({ chain, args, author });

let memo: Ruleset | undefined;

/**
 * kubelet's part of a node's tables; built-in chain rules in the order they end up. The same
 * on every node, so the same objects: rule caches and compiled chains are shared between nodes.
 */
export function kubeletRules(): Ruleset {
  return (memo ??= {
    tables: [
      { name: 'mangle', chains: ['KUBE-IPTABLES-HINT', 'KUBE-KUBELET-CANARY'], rules: [] },
      {
        name: 'filter',
        chains: ['KUBE-FIREWALL', 'KUBE-KUBELET-CANARY'],
        rules: [
          rule('INPUT', ['-j', 'KUBE-FIREWALL']),
          rule('OUTPUT', ['-j', 'KUBE-FIREWALL']),
          rule('KUBE-FIREWALL', KUBELET_FIREWALL_RULE),
        ],
      },
      { name: 'nat', chains: ['KUBE-KUBELET-CANARY'], rules: [] },
    ],
  });
}
