import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { fastSaveText } from '../../net/iptables/save-fast.ts';
import { saveLine } from '../../net/iptables/save-format.ts';
import type { EndpointInfo } from '../endpoints.ts';
import { LadderRule, SepDnatRule, SepMasqRule, SepRule } from './endpoint-rules.ts';
import type { PortRuleContext } from './endpoint-rules.ts';

function endpoint(ip: string, port: number): EndpointInfo {
  return { ip, port, endpoint: `${ip}:${port}` } as EndpointInfo;
}

const octet = fc.integer({ min: 0, max: 255 });
const ipArb = fc.tuple(octet, octet, octet, octet).map((o) => o.join('.'));
const commentArb = fc.option(fc.oneof(fc.constantFrom('ns/web:http', 'default/kubernetes:https', 'a/b', 'x/y:with space'), fc.string({ maxLength: 40 })), { nil: undefined });

describe('per-endpoint rules write their own iptables-save line', () => {
  it('exactly the line their arguments give, or none', () => {
    fc.assert(
      fc.property(commentArb, fc.constantFrom('tcp', 'udp', 'sctp'), ipArb, fc.integer({ min: 1, max: 65535 }), fc.option(fc.constantFrom('0.50000000000', '0.33333333349', '0.10000000009'), { nil: undefined }), (comment, protocol, ip, port, probability) => {
        const ctx: PortRuleContext = { comment, protocol, servicePortName: 'ns/web:http' };
        const masq = new SepMasqRule(ctx, endpoint(ip, port));
        const rules = [masq, new SepDnatRule(masq), new LadderRule('KUBE-SVC-ABCDEFGHIJKLMNOP', probability, masq)];
        for (const r of rules) {
          const own = r.saveText();
          if (own !== undefined) expect(own).toBe(fastSaveText(r.chain, r.args));
        }
      }),
    );
  });

  it('the usual rules take the short way, in the line iptables-save prints', () => {
    const ctx: PortRuleContext = { comment: 'ns/web:http', protocol: 'tcp', servicePortName: 'ns/web:http' };
    const masq = new SepMasqRule(ctx, endpoint('10.244.1.5', 8080));
    const dnat = new SepDnatRule(masq);
    expect(masq.saveText()).toBe(`-A ${masq.chain} -s 10.244.1.5/32 -m comment --comment "ns/web:http" -j KUBE-MARK-MASQ`);
    expect(dnat.saveText()).toBe(`-A ${masq.chain} -p tcp -m comment --comment "ns/web:http" -m tcp -j DNAT --to-destination 10.244.1.5:8080`);
    expect(saveLine(dnat)).toBe(dnat.saveText());
  });

  it('the session-affinity DNAT rule is saved from its own arguments', () => {
    const ctx: PortRuleContext = { comment: undefined, protocol: 'tcp', servicePortName: 'ns/web:http' };
    const masq = new SepMasqRule(ctx, endpoint('10.244.1.5', 8080));
    const affinity = new SepRule(masq, ['-m', 'recent', '--name', masq.chain, '--set', '-m', 'tcp', '-p', 'tcp', '-j', 'DNAT', '--to-destination', '10.244.1.5:8080']);
    expect(affinity.saveText()).toBeUndefined();
    expect(saveLine(affinity)).toContain('-m recent --set --name');
  });
});
