/**
 * One plain sentence for a kube-proxy iptables rule a packet matched (UI.md "Words": "kube-proxy's
 * KUBE-SVC chain picked ... with probability 0.5"), read from the rule's own text: its chain, its
 * comment (kube-proxy names the Service and endpoint in it, proxier.go), its matches and target.
 * Rules of other kinds, and other authors', keep the walker's plain "rule N matched" sentence.
 */
import type { RuleVisit } from '../net/iptables/types.ts';

const arg = (text: string, flag: string) => new RegExp(`(?:^| )${flag} (\\S+)`).exec(text)?.[1];

/** A probability as `--probability` writes it (0.33333333349), shortened for reading (0.333). */
function readable(p: string): string {
  return String(Math.round(Number(p) * 1000) / 1000);
}

export function kubeProxySentence(v: RuleVisit): string | undefined {
  if (v.author !== 'kube-proxy' || v.table !== 'nat') return undefined;
  const text = v.text;
  const target = / -j (\S+)/.exec(text)?.[1];
  const quoted = /--comment (?:"((?:[^"\\]|\\.)*)"|(\S+))/.exec(text);
  const comment = quoted?.[1] ?? quoted?.[2] ?? '';
  const chain = v.chain;
  if (target === 'KUBE-SERVICES') return 'Every packet passes kube-proxy\'s KUBE-SERVICES chain ("kubernetes service portals"), which looks for a Service address.';
  if (chain === 'KUBE-SERVICES' && target === 'KUBE-NODEPORTS') return 'No Service IP matched, and the destination is one of this node\'s addresses: kube-proxy looks for a NodePort (KUBE-NODEPORTS).';
  if (chain === 'KUBE-SERVICES' && target && /^KUBE-(SVC|EXT|SVL|FW)-/.test(target)) {
    const dst = arg(text, '-d')?.replace(/\/32$/, '');
    const port = arg(text, '--dport');
    return `${dst}:${port} is ${possessive(comment || 'a Service address')}: kube-proxy sends the packet to the Service's chain ${target}.`;
  }
  if (chain === 'KUBE-NODEPORTS' && target && /^KUBE-(EXT|SVC)-/.test(target)) {
    return `Port ${arg(text, '--dport')} is the NodePort of ${comment || 'a Service'}: kube-proxy sends the packet to ${target}.`;
  }
  if (/^KUBE-(SVC|SVL|EXT)-/.test(chain) && target === 'KUBE-MARK-MASQ') {
    const notFrom = /! -s (\S+)/.exec(text)?.[1];
    if (notFrom) return `The source is outside the cluster's pod range ${notFrom}: kube-proxy marks the packet to be masqueraded (KUBE-MARK-MASQ).`;
    return `${comment ? `${comment[0].toUpperCase()}${comment.slice(1)}` : 'This traffic'}: kube-proxy marks the packet to be masqueraded (KUBE-MARK-MASQ).`;
  }
  if (/^KUBE-(SVC|SVL|EXT)-/.test(chain) && target?.startsWith('KUBE-SEP-')) {
    const [service, endpoint] = comment.split(' -> ');
    const p = arg(text, '--probability');
    if (/ --rcheck /.test(text)) return `This client reached ${endpoint ?? 'an endpoint'} within the session-affinity timeout (${arg(text, '--seconds')} s): kube-proxy sends it to the same endpoint (${target}).`;
    if (p) return `kube-proxy's ${chain} chain for ${service} picked the endpoint ${endpoint} with probability ${readable(p)} (iptables' statistic match, at random): ${target}.`;
    return `kube-proxy's ${chain} chain for ${service} takes the endpoint ${endpoint}: the chain's last choice, reached when no rule before it picked one (${target}).`;
  }
  if (chain.startsWith('KUBE-SEP-') && target === 'KUBE-MARK-MASQ') return `The packet comes from the endpoint it is going to (a pod reaching itself through its Service): kube-proxy marks it to be masqueraded, so the reply comes back.`;
  if (chain.startsWith('KUBE-SEP-') && target === 'DNAT') {
    const to = arg(text, '--to-destination');
    return `DNAT: the destination becomes ${to}, the endpoint of ${comment || 'the Service'}; conntrack will undo it on the reply.`;
  }
  if (chain === 'KUBE-MARK-MASQ' && target === 'MARK') return 'The packet gets the mark 0x4000: KUBE-POSTROUTING will masquerade it as it leaves the node.';
  if (target === 'KUBE-POSTROUTING') return "kube-proxy's KUBE-POSTROUTING chain (\"kubernetes postrouting rules\") masquerades what it marked 0x4000.";
  if (chain === 'KUBE-POSTROUTING' && target === 'MARK') return 'The packet carries the mark 0x4000: kube-proxy clears it (a re-routed packet must not be masqueraded twice) and masquerades the packet next.';
  if (chain === 'KUBE-POSTROUTING' && target === 'MASQUERADE') return 'kube-proxy masquerades the marked packet ("kubernetes service traffic requiring SNAT"): its source becomes the outgoing interface\'s address.';
  return undefined;
}

function possessive(what: string): string {
  // `default/web cluster IP` reads `default/web's cluster IP`.
  return what.replace(/^(\S+) (cluster IP|external IP|loadbalancer IP)$/, "$1's $2");
}
