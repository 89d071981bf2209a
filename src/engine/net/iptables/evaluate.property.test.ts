import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rand } from '../../rand.ts';
import { compileRuleset } from './compile.ts';
import type { CompiledRuleset } from './compile.ts';
import { runHook } from './evaluate.ts';
import { context, packet } from './testdata/context.ts';
import type { HookResult, RuleSpec, Ruleset } from './types.ts';

const CHAINS = ['A', 'B', 'C', 'D'];
const IPS = ['10.0.0.1', '10.0.0.2', '10.96.0.1', '192.168.0.2'];

const matchArb = fc.oneof(
  fc.constantFrom(...IPS).map((ip) => ['-d', ip]),
  fc.constantFrom(...IPS).map((ip) => ['!', '-s', `${ip}/24`]),
  fc.constantFrom(80, 443, 53).map((p) => ['-p', 'tcp', '--dport', String(p)]),
  fc.constant(['-m', 'mark', '--mark', '0x4000/0x4000']),
  fc.constant(['-m', 'conntrack', '--ctstate', 'NEW']),
  fc.constant(['-m', 'addrtype', '--dst-type', 'LOCAL']),
  fc.constantFrom('0.2', '0.5').map((p) => ['-m', 'statistic', '--mode', 'random', '--probability', p]),
  fc.constant(['-m', 'recent', '--name', 'R', '--rcheck', '--seconds', '10']),
  fc.constant(['-m', 'recent', '--name', 'R', '--set']),
  fc.constant(['-m', 'comment', '--comment', '"a comment"']),
);

const targetArb = fc.oneof(
  fc.constantFrom(...CHAINS).map((c) => ['-j', c]),
  fc.constantFrom(...CHAINS).map((c) => ['-g', c]),
  fc.constantFrom('ACCEPT', 'DROP', 'RETURN', 'REJECT').map((t) => ['-j', t]),
  fc.constant(['-j', 'MARK', '--or-mark', '0x4000']),
  fc.constant(['-j', 'DNAT', '--to-destination', '10.0.0.9']),
  fc.constant(['-j', 'MASQUERADE']),
  fc.constant([] as string[]),
);

const ruleArb = (chains: string[]) =>
  fc.record({
    chain: fc.constantFrom(...chains),
    matches: fc.array(matchArb, { maxLength: 3 }),
    target: targetArb,
  }).map(({ chain, matches, target }): RuleSpec => ({ chain, args: [...matches.flat(), ...target], author: 'kube-proxy' }));

const rulesetArb = fc.array(ruleArb(['PREROUTING', 'OUTPUT', ...CHAINS]), { maxLength: 40 })
  .map((rules): Ruleset => ({ tables: [{ name: 'nat', chains: CHAINS, rules }] }));

const packetArb = fc.record({
  src: fc.constantFrom(...IPS),
  dst: fc.constantFrom(...IPS),
  dport: fc.constantFrom(80, 443, 53, 9),
  seed: fc.integer(),
});

function run(compiled: CompiledRuleset, p: { src: string; dst: string; dport: number; seed: number }): HookResult {
  const rand = new Rand(p.seed);
  return runHook(compiled, 'nat', 'PREROUTING', context(packet(p.src, p.dst, p.dport), { random: () => rand.next() }));
}

describe('runHook properties', () => {
  it('never throws and always ends with a verdict, whatever the ruleset (loops included)', () => {
    fc.assert(fc.property(rulesetArb, packetArb, (ruleset, p) => {
      const r = run(compileRuleset(ruleset), p);
      expect(['ACCEPT', 'DROP', 'REJECT']).toContain(r.verdict);
      expect(Number.isFinite(r.traversed)).toBe(true);
    }), { numRuns: 300 });
  });

  it('finds the same rules and counts the same traversal with the index as with a plain scan', () => {
    const indexable = fc.record({ ip: fc.constantFrom(...IPS), port: fc.constantFrom(80, 443, 53) })
      .map(({ ip, port }): RuleSpec => ({ chain: 'PREROUTING', args: ['-m', 'tcp', '-p', 'tcp', '-d', ip, '--dport', String(port), '-j', 'A'], author: 'kube-proxy' }));
    const chainArb = fc.tuple(
      fc.array(fc.oneof(indexable, indexable, ruleArb(['PREROUTING'])), { minLength: 16, maxLength: 60 }),
      fc.array(ruleArb(['A']), { maxLength: 5 }),
    ).map(([pre, a]): Ruleset => ({ tables: [{ name: 'nat', chains: ['A', 'B', 'C', 'D'], rules: [...pre, ...a] }] }));
    fc.assert(fc.property(chainArb, packetArb, (ruleset, p) => {
      const indexed = compileRuleset(ruleset);
      // Compiled tables are cached per table object: give the plain scan its own copy.
      const plain = compileRuleset({ tables: ruleset.tables.map((t) => ({ ...t })) });
      for (const c of plain.tables.get('nat')!.chains.values()) c.index = null;
      const a = run(indexed, p);
      const b = run(plain, p);
      expect(a).toEqual(b);
    }), { numRuns: 300 });
  });

  it('compiles a table over another node\'s into the same chains as it compiles alone', () => {
    // Two nodes' tables: a shared pool of rule objects, each node taking a subsequence of it
    // (some rules dropped, a few of its own added, some chains declared on one node only).
    const chains = ['A', 'B', 'C', 'D'];
    const pool = fc.array(ruleArb([...chains, 'PREROUTING', 'OUTPUT']), { minLength: 1, maxLength: 40 });
    const nodeOf = (rules: RuleSpec[]) =>
      fc.tuple(fc.array(fc.boolean(), { minLength: rules.length, maxLength: rules.length }), fc.array(ruleArb([...chains, 'PREROUTING']), { maxLength: 3 }), fc.subarray(chains), fc.nat(rules.length))
        .map(([keep, extra, declared, at]): Ruleset => {
          const own = rules.filter((_r, i) => keep[i]);
          own.splice(Math.min(at, own.length), 0, ...extra);
          return { tables: [{ name: 'nat', chains: declared, rules: own }] };
        });
    const pair = pool.chain((rules) => fc.tuple(nodeOf(rules), nodeOf(rules)));
    fc.assert(fc.property(pair, ([first, second]) => {
      const base = compileRuleset(first);
      const over = compileRuleset(second, base).tables.get('nat')!.chains;
      const alone = compileRuleset({ tables: second.tables.map((t) => ({ ...t })) }).tables.get('nat')!.chains;
      const shape = (c: { name: string; policy: string; rules: readonly RuleSpec[] } | undefined) => c && { name: c.name, policy: c.policy, rules: [...c.rules] };
      for (const name of [...chains, 'PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING']) {
        expect(shape(over.get(name))).toEqual(shape(alone.get(name)));
        if (over.get(name)) expect(over.get(name)!.rules.every((r, i) => r === alone.get(name)!.rules[i])).toBe(true);
      }
      expect([...over.values()].map((c) => c.name).sort()).toEqual([...alone.values()].map((c) => c.name).sort());
    }), { numRuns: 300 });
  });

  it('spreads new connections evenly over a statistic ladder of N endpoints (chi-square, p = 0.001)', () => {
    // Critical values of the chi-square distribution at p = 0.001 for N - 1 degrees of freedom.
    const critical: Record<number, number> = { 2: 10.83, 3: 13.82, 4: 16.27, 5: 18.47, 8: 24.32, 10: 27.88 };
    for (const n of [2, 3, 4, 5, 8, 10]) {
      const rules: RuleSpec[] = [{ chain: 'PREROUTING', args: ['-j', 'KUBE-SVC-X'], author: 'kube-proxy' }];
      for (let i = 0; i < n; i++) {
        const stat = i < n - 1 ? ['-m', 'statistic', '--mode', 'random', '--probability', (1 / (n - i)).toFixed(10)] : [];
        rules.push({ chain: 'KUBE-SVC-X', args: [...stat, '-p', 'tcp', '-j', 'DNAT', '--to-destination', `10.244.0.${i + 1}:80`], author: 'kube-proxy' });
      }
      const compiled = compileRuleset({ tables: [{ name: 'nat', chains: ['KUBE-SVC-X'], rules }] });
      const rand = new Rand(1000 + n);
      const draws = 20000;
      const counts = new Array<number>(n).fill(0);
      for (let k = 0; k < draws; k++) {
        const r = runHook(compiled, 'nat', 'PREROUTING', context(packet('10.0.0.1', '10.96.0.1', 80), { random: () => rand.next() }));
        counts[Number(r.dnat!.ip.split('.')[3]) - 1]++;
      }
      const expected = draws / n;
      const chi2 = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
      expect(chi2, `N=${n} counts ${counts.join(',')}`).toBeLessThan(critical[n]);
    }
  });
});
