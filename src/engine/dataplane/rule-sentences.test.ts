import { describe, expect, it } from 'vitest';
import { kubeProxySentence } from './rule-sentences.ts';
import type { RuleVisit } from '../net/iptables/types.ts';

const visit = (chain: string, text: string, author: RuleVisit['author'] = 'kube-proxy', table: RuleVisit['table'] = 'nat'): RuleVisit => ({ table, chain, position: 1, text, author });

describe("kube-proxy's rules in plain sentences", () => {
  it('names the Service, the endpoint it picked and with what probability', () => {
    expect(
      kubeProxySentence(visit('KUBE-SERVICES', '-A KUBE-SERVICES -d 10.96.45.10/32 -p tcp -m comment --comment "default/web cluster IP" -m tcp --dport 80 -j KUBE-SVC-LOLE4ISW44XBNF3G')),
    ).toBe("10.96.45.10:80 is default/web's cluster IP: kube-proxy sends the packet to the Service's chain KUBE-SVC-LOLE4ISW44XBNF3G.");
    expect(
      kubeProxySentence(visit('KUBE-SVC-LOLE4ISW44XBNF3G', '-A KUBE-SVC-LOLE4ISW44XBNF3G -m comment --comment "default/web -> 10.244.1.11:80" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-QTTNMWD27DTOXWXN')),
    ).toBe("kube-proxy's KUBE-SVC-LOLE4ISW44XBNF3G chain for default/web picked the endpoint 10.244.1.11:80 with probability 0.5 (iptables' statistic match, at random): KUBE-SEP-QTTNMWD27DTOXWXN.");
    expect(kubeProxySentence(visit('KUBE-SVC-LOLE4ISW44XBNF3G', '-A KUBE-SVC-LOLE4ISW44XBNF3G -m comment --comment "default/web -> 10.244.2.7:80" -j KUBE-SEP-XZ2RR6SXKHXVZVQ3'))).toBe(
      "kube-proxy's KUBE-SVC-LOLE4ISW44XBNF3G chain for default/web takes the endpoint 10.244.2.7:80: the chain's last choice, reached when no rule before it picked one (KUBE-SEP-XZ2RR6SXKHXVZVQ3).",
    );
    expect(kubeProxySentence(visit('KUBE-SEP-QTTNMWD27DTOXWXN', '-A KUBE-SEP-QTTNMWD27DTOXWXN -p tcp -m comment --comment default/web -m tcp -j DNAT --to-destination 10.244.1.11:80'))).toBe(
      'DNAT: the destination becomes 10.244.1.11:80, the endpoint of default/web; conntrack will undo it on the reply.',
    );
  });

  it('says why a packet is marked for masquerading', () => {
    expect(kubeProxySentence(visit('KUBE-SVC-X', '-A KUBE-SVC-X ! -s 10.244.0.0/16 -d 10.96.45.10/32 -p tcp -m comment --comment "default/web cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ'))).toBe(
      "The source is outside the cluster's pod range 10.244.0.0/16: kube-proxy marks the packet to be masqueraded (KUBE-MARK-MASQ).",
    );
    expect(kubeProxySentence(visit('KUBE-SEP-Y', '-A KUBE-SEP-Y -s 10.244.1.11/32 -m comment --comment default/web -j KUBE-MARK-MASQ'))).toMatch(/^The packet comes from the endpoint it is going to/);
  });

  it("leaves other authors' rules and other tables to the plain rule sentence", () => {
    expect(kubeProxySentence(visit('FLANNEL-POSTRTG', '-A FLANNEL-POSTRTG -j RETURN', 'flannel'))).toBeUndefined();
    expect(kubeProxySentence(visit('OUTPUT', '-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES', 'kube-proxy', 'filter'))).toBeUndefined();
  });
});
