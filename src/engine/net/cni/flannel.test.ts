import { describe, expect, it } from 'vitest';
import { assembleNode } from '../iptables/assemble.ts';
import { kubeletRules } from '../iptables/kubelet.ts';
import { formatIptablesSave } from '../iptables/save-format.ts';
import { flannelRules } from './flannel.ts';

describe('flannel rules', () => {
  it('masquerades without --random-fully when iptables lacks it', () => {
    const nat = flannelRules({ network: '10.244.0.0/16', subnet: '10.244.2.0/24', randomFully: false }).tables.find((t) => t.name === 'nat')!;
    expect(nat.rules.at(-1)?.args).toEqual(['!', '-s', '10.244.0.0/16', '-d', '10.244.0.0/16', '-m', 'comment', '--comment', 'flanneld masq', '-j', 'MASQUERADE']);
  });

  it('append after kubelet\'s inserted jumps whatever order the parts come in', () => {
    const node = assembleNode([
      { author: 'flannel', ruleset: flannelRules({ network: '10.244.0.0/16', subnet: '10.244.1.0/24' }) },
      { author: 'kubelet', ruleset: kubeletRules() },
    ]);
    const out = formatIptablesSave(node, { now: 0, table: 'filter' });
    expect(out.ok && out.text.split('\n').filter((l) => l.startsWith('-A FORWARD') || l.startsWith('-A INPUT'))).toEqual([
      '-A INPUT -j KUBE-FIREWALL',
      '-A FORWARD -m comment --comment "flanneld forward" -j FLANNEL-FWD',
    ]);
  });
});
