import { describe, expect, it } from 'vitest';
import { formatRestore, restoreRuleText } from './restore-format.ts';
import { parseRestoreText } from './restore-parse.ts';
import { G1_RESTORE, G3_RESTORE } from './testdata/golden-restore.ts';
import { SORT_INPUT, SORT_OUTPUT } from './testdata/sort-rules.ts';
import type { Ruleset } from './types.ts';

function rulesetOf(text: string): Ruleset {
  const parsed = parseRestoreText(text, 'kube-proxy');
  if (!parsed.ok) throw new Error(`${parsed.line}: ${parsed.error}`);
  return parsed.ruleset;
}

describe('kube-proxy restore view', () => {
  it('reproduces golden G1 (ClusterIP, three endpoints) byte for byte', () => {
    expect(formatRestore(rulesetOf(G1_RESTORE))).toBe(G1_RESTORE);
  });

  it('reproduces golden G3 (no endpoints: REJECT in filter) byte for byte', () => {
    expect(formatRestore(rulesetOf(G3_RESTORE))).toBe(G3_RESTORE);
  });

  it('sorts as upstream sortIPTablesRules does (TestSortIPTablesRules)', () => {
    expect(formatRestore(rulesetOf(SORT_INPUT))).toBe(SORT_OUTPUT);
  });

  it('keeps the "must be the last rule" rule last in nat KUBE-SERVICES whatever the service names', () => {
    const text = formatRestore({
      tables: [{
        name: 'nat',
        chains: ['KUBE-SERVICES'],
        rules: [
          { chain: 'KUBE-SERVICES', author: 'kube-proxy', args: ['-m', 'comment', '--comment', '"kubernetes service nodeports; NOTE: this must be the last rule in this chain"', '-m', 'addrtype', '--dst-type', 'LOCAL', '-j', 'KUBE-NODEPORTS'] },
          { chain: 'KUBE-SERVICES', author: 'kube-proxy', args: ['-m', 'comment', '--comment', '"zz/last cluster IP"', '-j', 'KUBE-SVC-A'] },
          { chain: 'KUBE-SERVICES', author: 'kube-proxy', args: ['-m', 'comment', '--comment', '"aa/first cluster IP"', '-j', 'KUBE-SVC-B'] },
        ],
      }],
    });
    expect(text.split('\n').filter((l) => l.startsWith('-A'))).toEqual([
      '-A KUBE-SERVICES -m comment --comment "aa/first cluster IP" -j KUBE-SVC-B',
      '-A KUBE-SERVICES -m comment --comment "zz/last cluster IP" -j KUBE-SVC-A',
      '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
    ]);
  });

  it('quotes an argument with spaces that the author passed unquoted, and leaves the rest', () => {
    expect(restoreRuleText({
      chain: 'KUBE-SVC-X', author: 'kube-proxy',
      args: ['-m', 'comment', '--comment', 'ns1/svc1 cluster IP', '-j', 'KUBE-MARK-MASQ'],
    })).toBe('-A KUBE-SVC-X -m comment --comment "ns1/svc1 cluster IP" -j KUBE-MARK-MASQ');
    expect(restoreRuleText({ chain: 'KUBE-SEP-X', author: 'kube-proxy', args: ['-m', 'comment', '--comment', 'ns1/svc1'] }))
      .toBe('-A KUBE-SEP-X -m comment --comment ns1/svc1');
  });

  it('leaves out rules in built-in chains, which kube-proxy installs with iptables -I', () => {
    const text = formatRestore({
      tables: [{ name: 'nat', chains: [], rules: [{ chain: 'PREROUTING', author: 'kube-proxy', args: ['-j', 'KUBE-SERVICES'] }] }],
    });
    expect(text).toBe('*nat\nCOMMIT\n');
  });
});
