import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseArgs } from './parse.ts';
import { fastSaveText } from './save-fast.ts';
import { saveRuleText } from './save-rule.ts';

/** The line the full parser prints, or undefined when iptables would refuse the rule. */
function parsedLine(chain: string, args: readonly string[]): string | undefined {
  const r = parseArgs(chain, args);
  return r.ok ? saveRuleText(r.rule) : undefined;
}

describe('fastSaveText', () => {
  it('prints kube-proxy rules as iptables-save does, options in the kernel order', () => {
    expect(fastSaveText('KUBE-SERVICES', ['-m', 'comment', '--comment', '"ns1/svc1:p80 cluster IP"', '-m', 'tcp', '-p', 'tcp', '-d', '172.30.0.41', '--dport', '80', '-j', 'KUBE-SVC-XPGD46QRK7WJZT7O']))
      .toBe('-A KUBE-SERVICES -d 172.30.0.41/32 -p tcp -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O');
    expect(fastSaveText('KUBE-SEP-SXIVWICOYRO3J4NJ', ['-m', 'comment', '--comment', 'ns1/svc1:p80', '-s', '10.180.0.1', '-j', 'KUBE-MARK-MASQ']))
      .toBe('-A KUBE-SEP-SXIVWICOYRO3J4NJ -s 10.180.0.1/32 -m comment --comment "ns1/svc1:p80" -j KUBE-MARK-MASQ');
    expect(fastSaveText('KUBE-SEP-SXIVWICOYRO3J4NJ', ['-m', 'comment', '--comment', 'ns1/svc1:p80', '-m', 'tcp', '-p', 'tcp', '-j', 'DNAT', '--to-destination', '10.180.0.1:80']))
      .toBe('-A KUBE-SEP-SXIVWICOYRO3J4NJ -p tcp -m comment --comment "ns1/svc1:p80" -m tcp -j DNAT --to-destination 10.180.0.1:80');
    expect(fastSaveText('KUBE-SVC-X', ['-m', 'comment', '--comment', '"ns1/svc1 -> 10.0.1.2:80"', '-m', 'statistic', '--mode', 'random', '--probability', '0.3333333333', '-j', 'KUBE-SEP-Y']))
      .toBe('-A KUBE-SVC-X -m comment --comment "ns1/svc1 -> 10.0.1.2:80" -m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-Y');
  });

  it('leaves inverted, masked and unusual rules to the full parser', () => {
    expect(fastSaveText('C', ['!', '-s', '10.0.0.0/8', '-j', 'KUBE-MARK-MASQ'])).toBeUndefined();
    expect(fastSaveText('C', ['-d', '010.0.0.1', '-j', 'ACCEPT'])).toBeUndefined();
    expect(fastSaveText('C', ['-j', 'MARK', '--or-mark', '0x4000'])).toBeUndefined();
    expect(fastSaveText('C', ['-m', 'tcp', '--dport', '80'])).toBeUndefined();
  });

  it('whenever it answers, answers what parsing the rule and printing it gives', () => {
    // Whole options and single words, so that many lists are rules the fast path takes.
    const piece = fc.oneof(
      {
        weight: 10,
        arbitrary: fc.constantFrom(
          ['-m', 'tcp'], ['-m', 'udp'], ['-m', 'sctp'], ['-p', 'tcp'], ['-p', 'udp'], ['-p', 'sctp'], ['-p', 'icmp'],
          ['-d', '10.0.0.1'], ['-s', '10.0.0.2'], ['-d', '10.0.0.0/8'], ['-s', '1.2.3.256'], ['-d', '01.2.3.4'],
          ['--dport', '80'], ['--sport', '53'], ['--dport', '080'], ['--dport', '65536'], ['--dport', '80:90'], ['--destination-port', '80'],
          ['-m', 'comment', '--comment', 'ns1/svc1:p80'], ['-m', 'comment', '--comment', '"a \\"b\\" c"'], ['-m', 'comment', '--comment', ''],
          ['-m', 'comment', '--comment', 'x'.repeat(256)], ['--comment', 'again'],
          ['-m', 'statistic', '--mode', 'random', '--probability', '0.2500000000'], ['-m', 'statistic', '--mode', 'random', '--probability', '1e-3'],
          ['-m', 'statistic', '--mode', 'random', '--probability', '1.5'], ['-m', 'statistic', '--mode', 'nth', '--probability', '0.5'],
          ['-j', 'KUBE-SEP-X'], ['-j', 'ACCEPT'], ['-j', 'REJECT'], ['-j', 'MASQUERADE'], ['-j', 'bad name!'], ['-g', 'KUBE-X'],
          ['-j', 'DNAT', '--to-destination', '10.1.2.3:80'], ['-j', 'DNAT', '--to-destination', '10.1.2.3'],
          ['-j', 'DNAT', '--to-destination', '10.1.2.3:80-90'], ['-j', 'DNAT', '--to-destination', '10.1.2.3:080'], ['-j', 'DNAT'],
          ['--to-destination', '10.9.9.9:81'], ['--random'], ['!'], ['-m', 'multiport', '--dports', '80,443'], ['-i', 'cni0'],
        ),
      },
      { weight: 1, arbitrary: fc.string({ maxLength: 4 }).map((w) => [w]) },
    );
    let answered = 0;
    fc.assert(fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
      const args = pieces.flat();
      const fast = fastSaveText('KUBE-SVC-X', args);
      if (fast !== undefined) answered++;
      if (fast !== undefined) expect(fast).toBe(parsedLine('KUBE-SVC-X', args));
    }), { numRuns: 20000 });
    expect(answered).toBeGreaterThan(1000);
  });

  it('answers for every shape kube-proxy writes, as the full parser prints it', () => {
    const ip = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((o) => o.join('.'));
    const comment = fc.constantFrom('ns1/svc1:p80', '"ns1/svc1:p80 cluster IP"', 'ns/a -> 10.0.0.1:80', '"with \\"quotes\\""');
    const proto = fc.constantFrom('tcp', 'udp', 'sctp');
    const rule = fc.oneof(
      fc.tuple(comment, proto, ip, fc.nat(65535)).map(([c, p, d, port]) => ['-m', 'comment', '--comment', c, '-m', p, '-p', p, '-d', d, '--dport', String(port), '-j', 'KUBE-SVC-A']),
      fc.tuple(comment, ip).map(([c, s]) => ['-m', 'comment', '--comment', c, '-s', s, '-j', 'KUBE-MARK-MASQ']),
      fc.tuple(comment, proto, ip, fc.nat(65535)).map(([c, p, d, port]) => ['-m', 'comment', '--comment', c, '-m', p, '-p', p, '-j', 'DNAT', '--to-destination', `${d}:${port}`]),
      fc.tuple(comment, fc.double({ min: 0, max: 1, noNaN: true })).map(([c, p]) => ['-m', 'comment', '--comment', c, '-m', 'statistic', '--mode', 'random', '--probability', p.toFixed(10), '-j', 'KUBE-SEP-B']),
    );
    fc.assert(fc.property(rule, (args) => {
      const fast = fastSaveText('C', args);
      expect(fast).toBeDefined();
      expect(fast).toBe(parsedLine('C', args));
    }), { numRuns: 2000 });
  });
});
