/**
 * The iptables rules flanneld (v0.26, `--ip-masq`, as kube-flannel.yml runs it) keeps on each
 * node, for the VXLAN and host-gw backends alike (flannel-io/flannel
 * pkg/trafficmngr/iptables/iptables.go masqRules and forwardRules): FLANNEL-POSTRTG in nat,
 * appended to POSTROUTING, masquerades pod traffic leaving the pod network and host traffic
 * entering it, but never what kube-proxy marked (it masquerades that itself); FLANNEL-FWD in
 * filter, appended to FORWARD, accepts traffic to and from the pod network.
 */
import type { RuleSpec, Ruleset } from '../iptables/types.ts';

export interface FlannelIptablesOptions {
  /** The flannel network (kubeadm podSubnet), e.g. 10.244.0.0/16. */
  network: string;
  /** This node's lease (its podCIDR), e.g. 10.244.1.0/24. */
  subnet: string;
  /** iptables supports --random-fully (true on Ubuntu 24.04's iptables 1.8.10). */
  randomFully?: boolean;
}

/** flannel's trafficmngr.KubeProxyMark. */
const KUBE_PROXY_MARK = '0x4000/0x4000';
const MASQ = ['-m', 'comment', '--comment', 'flanneld masq'];
const FWD = ['-m', 'comment', '--comment', 'flanneld forward'];

export function flannelRules(opts: FlannelIptablesOptions): Ruleset {
  const { network, subnet } = opts;
  const masquerade = opts.randomFully === false ? ['-j', 'MASQUERADE'] : ['-j', 'MASQUERADE', '--random-fully'];
  const rule = (chain: string, args: string[]): RuleSpec => ({ chain, args, author: 'flannel' });
  return {
    tables: [
      {
        name: 'filter',
        chains: ['FLANNEL-FWD'],
        rules: [
          rule('FORWARD', [...FWD, '-j', 'FLANNEL-FWD']),
          rule('FLANNEL-FWD', ['-s', network, ...FWD, '-j', 'ACCEPT']),
          rule('FLANNEL-FWD', ['-d', network, ...FWD, '-j', 'ACCEPT']),
        ],
      },
      {
        name: 'nat',
        chains: ['FLANNEL-POSTRTG'],
        rules: [
          rule('POSTROUTING', [...MASQ, '-j', 'FLANNEL-POSTRTG']),
          rule('FLANNEL-POSTRTG', ['-m', 'mark', '--mark', KUBE_PROXY_MARK, ...MASQ, '-j', 'RETURN']),
          rule('FLANNEL-POSTRTG', ['-s', subnet, '-d', network, ...MASQ, '-j', 'RETURN']),
          rule('FLANNEL-POSTRTG', ['-s', network, '-d', subnet, ...MASQ, '-j', 'RETURN']),
          rule('FLANNEL-POSTRTG', ['!', '-s', network, '-d', subnet, ...MASQ, '-j', 'RETURN']),
          rule('FLANNEL-POSTRTG', ['-s', network, '!', '-d', '224.0.0.0/4', ...MASQ, ...masquerade]),
          rule('FLANNEL-POSTRTG', ['!', '-s', network, '-d', network, ...MASQ, ...masquerade]),
        ],
      },
    ],
  };
}
