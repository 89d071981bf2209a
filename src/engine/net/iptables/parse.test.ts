import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseArgs, unquoteArg } from './parse.ts';

function err(args: string): string | undefined {
  const r = parseArgs('C', args.split(' '));
  return r.ok ? undefined : r.error;
}

describe('parseArgs', () => {
  it('reads kube-proxy argument order, options of a loaded match anywhere after it', () => {
    const r = parseArgs('KUBE-SVC-X', ['-m', 'comment', '--comment', '"ns1/svc1 cluster IP"', '-m', 'tcp', '-p', 'tcp', '-d', '172.30.1.1', '--dport', '80', '!', '-s', '10.0.0.0/8', '-j', 'KUBE-MARK-MASQ']);
    expect(r.ok && r.rule).toEqual({
      chain: 'KUBE-SVC-X',
      proto: { invert: false, number: 6, name: 'tcp' },
      dst: { invert: false, addr: 0xac1e0101, prefix: 32, mask: 0xffffffff },
      src: { invert: true, addr: 0x0a000000, prefix: 8, mask: 0xff000000 },
      matches: [
        { kind: 'comment', comment: 'ns1/svc1 cluster IP' },
        { kind: 'tcp', dport: { min: 80, max: 80, invert: false } },
      ],
      target: { kind: 'jump', chain: 'KUBE-MARK-MASQ', goto: false },
    });
  });

  it('loads the protocol match itself for -p tcp --dport', () => {
    const r = parseArgs('C', ['-p', 'udp', '--dport', '53', '-j', 'ACCEPT']);
    expect(r.ok && r.rule.matches).toEqual([{ kind: 'udp', dport: { min: 53, max: 53, invert: false } }]);
  });

  it('keeps the network bits of an address with a mask, and reads dotted masks', () => {
    const r = parseArgs('C', ['-s', '10.244.1.7/16', '-d', '10.0.0.0/255.255.255.0']);
    expect(r.ok && [r.rule.src?.addr, r.rule.dst?.prefix]).toEqual([0x0af40000, 24]);
  });

  it('answers bad input with iptables-like messages instead of throwing', () => {
    expect(err('-m bogus')).toBe("Couldn't load match `bogus':No such file or directory");
    expect(err('--dport 80')).toBe('unknown option "--dport"');
    expect(err('-s not-an-ip')).toBe("host/network `not-an-ip' not found");
    expect(err('-p tcp --dport 70000')).toBe("invalid port/service `70000' specified");
    expect(err('-m tcp --dport 80')).toBe('tcp match: only valid for protocol 6');
    expect(err('-j DNAT')).toBe('DNAT: you must specify --to-destination');
    expect(err('-m comment --comment')).toBe('option "--comment" requires an argument');
    expect(err('! ! -s 1.2.3.4')).toBe("Multiple `!' flags not allowed");
    expect(err('-j REJECT --reject-with nope')).toMatch(/^unknown reject type "nope"/);
    expect(err('stray')).toBe("Bad argument `stray'");
    expect(err('-m statistic --mode nth')).toBe('statistic: unsupported mode "nth"');
    expect(err('-m mark --mark zz')).toBe('Bad MARK value "zz"');
    expect(err('-p constructor')).toBe('unknown protocol "constructor" specified');
  });

  it('unquotes kube-proxy quoted arguments and their escapes', () => {
    expect(unquoteArg('"a \\"b\\""')).toBe('a "b"');
    expect(unquoteArg('plain')).toBe('plain');
  });

  it('never throws, whatever the arguments', () => {
    const token = fc.oneof(
      fc.constantFrom('!', '-s', '-d', '-i', '-o', '-p', '-m', '-j', '-g', 'tcp', 'udp', 'comment', 'recent', 'statistic',
        'mark', 'conntrack', 'addrtype', 'multiport', 'nfacct', '--dport', '--set', '--rcheck', '--probability', '0.5',
        '--ctstate', 'NEW', '--mark', '0x4000/0x4000', 'MARK', '--or-mark', 'DNAT', '--to-destination', '1.2.3.4:80',
        'MASQUERADE', '--random-fully', 'REJECT', '10.0.0.0/8', 'KUBE-X', '--comment', '"a b"'),
      fc.string({ maxLength: 6 }),
    );
    fc.assert(fc.property(fc.array(token, { maxLength: 14 }), (args) => {
      const r = parseArgs('C', args);
      expect(typeof r.ok).toBe('boolean');
    }), { numRuns: 2000 });
  });
});
