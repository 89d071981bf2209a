import { describe, expect, it } from 'vitest';
import { formatIptablesList } from './list-format.ts';
import { parseRestoreText } from './restore-parse.ts';
import type { Ruleset } from './types.ts';

function ruleset(text: string): Ruleset {
  const parsed = parseRestoreText(text, 'kube-proxy');
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.ruleset;
}

const NAT = ruleset(`*nat
:KUBE-SERVICES - [0:0]
:KUBE-NODEPORTS - [0:0]
:KUBE-MARK-MASQ - [0:0]
:KUBE-POSTROUTING - [0:0]
:KUBE-SVC-ERIFXISQEP7F7OF4 - [0:0]
-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000
-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000
-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully
-A KUBE-SERVICES -m comment --comment "kube-system/kube-dns:dns-tcp cluster IP" -m tcp -p tcp -d 10.96.0.10 --dport 53 -j KUBE-SVC-ERIFXISQEP7F7OF4
-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
-A KUBE-SVC-ERIFXISQEP7F7OF4 -m comment --comment "kube-system/kube-dns:dns-tcp cluster IP" -m tcp -p tcp -d 10.96.0.10 --dport 53 ! -s 192.168.0.0/16 -j KUBE-MARK-MASQ
-A KUBE-SVC-ERIFXISQEP7F7OF4 -m comment --comment "kube-system/kube-dns:dns-tcp -> 10.85.0.4:53" -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-63Q3QMXTSXKJR2EZ
-A KUBE-SVC-ERIFXISQEP7F7OF4 -m comment --comment "kube-system/kube-dns:dns-tcp -> 10.85.0.5:53" -j KUBE-SEP-A4KLBZUL4ZZDQPAH
COMMIT
`);

describe('iptables -L', () => {
  it('lists a chain with -n as iptables v1.8.10 does (numeric protocols, REAL output)', () => {
    // REAL (iptables v1.8.10 nf_tables): `iptables -t nat -n -L` on a kubeadm node.
    const out = formatIptablesList(NAT, { table: 'nat', chain: 'KUBE-SVC-ERIFXISQEP7F7OF4', numeric: true, verbose: false, lineNumbers: false });
    expect(out).toEqual({
      ok: true,
      text: [
        'Chain KUBE-SVC-ERIFXISQEP7F7OF4 (1 references)',
        'target     prot opt source               destination         ',
        'KUBE-MARK-MASQ  6    -- !192.168.0.0/16       10.96.0.10           /* kube-system/kube-dns:dns-tcp cluster IP */ tcp dpt:53',
        'KUBE-SEP-63Q3QMXTSXKJR2EZ  0    --  0.0.0.0/0            0.0.0.0/0            /* kube-system/kube-dns:dns-tcp -> 10.85.0.4:53 */ statistic mode random probability 0.50000000000',
        'KUBE-SEP-A4KLBZUL4ZZDQPAH  0    --  0.0.0.0/0            0.0.0.0/0            /* kube-system/kube-dns:dns-tcp -> 10.85.0.5:53 */',
        '',
      ].join('\n'),
    });
  });

  it('prints MARK, mark match and MASQUERADE flags in their list forms', () => {
    const out = formatIptablesList(NAT, { table: 'nat', chain: 'KUBE-POSTROUTING', numeric: true, verbose: false, lineNumbers: false });
    expect(out.ok && out.text.split('\n').slice(2, 5)).toEqual([
      'RETURN     0    --  0.0.0.0/0            0.0.0.0/0            mark match ! 0x4000/0x4000',
      'MARK       0    --  0.0.0.0/0            0.0.0.0/0            MARK xor 0x4000',
      'MASQUERADE  0    --  0.0.0.0/0            0.0.0.0/0            /* kubernetes service traffic requiring SNAT */ random-fully',
    ]);
  });

  it('adds counters and interfaces with -v, numbers with --line-numbers, and policies for built-in chains', () => {
    const out = formatIptablesList(NAT, { table: 'nat', chain: 'PREROUTING', numeric: true, verbose: true, lineNumbers: true });
    expect(out).toEqual({
      ok: true,
      text: [
        'Chain PREROUTING (policy ACCEPT 0 packets, 0 bytes)',
        'num   pkts bytes target     prot opt in     out     source               destination         ',
        '1        0     0 KUBE-SERVICES  0    --  *      *       0.0.0.0/0            0.0.0.0/0            /* kubernetes service portals */',
        '',
      ].join('\n'),
    });
  });

  it('lists every chain of the table, built-in first, separated by blank lines', () => {
    const out = formatIptablesList(NAT, { table: 'nat', numeric: true, verbose: false, lineNumbers: false });
    const heads = out.ok ? out.text.split('\n').filter((l) => l.startsWith('Chain ')) : [];
    expect(heads).toEqual([
      'Chain PREROUTING (policy ACCEPT)',
      'Chain INPUT (policy ACCEPT)',
      'Chain OUTPUT (policy ACCEPT)',
      'Chain POSTROUTING (policy ACCEPT)',
      'Chain KUBE-MARK-MASQ (1 references)',
      'Chain KUBE-NODEPORTS (1 references)',
      'Chain KUBE-POSTROUTING (1 references)',
      'Chain KUBE-SERVICES (2 references)',
      'Chain KUBE-SVC-ERIFXISQEP7F7OF4 (1 references)',
    ]);
    expect(out.ok && out.text).toContain('ADDRTYPE match dst-type LOCAL');
  });

  it('without -n prints names: anywhere, all, tcp and service names', () => {
    const out = formatIptablesList(NAT, { table: 'nat', chain: 'KUBE-SERVICES', numeric: false, verbose: false, lineNumbers: false });
    expect(out.ok && out.text.split('\n')[2]).toBe(
      'KUBE-SVC-ERIFXISQEP7F7OF4  tcp  --  anywhere             10.96.0.10           /* kube-system/kube-dns:dns-tcp cluster IP */ tcp dpt:domain',
    );
  });

  it('answers an unknown chain or table as iptables does', () => {
    expect(formatIptablesList(NAT, { table: 'nat', chain: 'NOPE', numeric: true, verbose: false, lineNumbers: false }))
      .toEqual({ ok: false, error: 'iptables: No chain/target/match by that name.' });
    const bad = formatIptablesList(NAT, { table: 'bogus', numeric: true, verbose: false, lineNumbers: false });
    expect(bad.ok).toBe(false);
  });
});
