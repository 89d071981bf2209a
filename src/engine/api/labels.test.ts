import { describe, expect, it } from 'vitest';
import { matchesSelector, parseSelector, selectorFromLabelSelector } from './labels.ts';

function sel(text: string) {
  const r = parseSelector(text);
  if (!r.ok) throw new Error(r.error);
  return r.selector;
}

describe('label selectors', () => {
  const pod = { app: 'a', env: 'dev' };
  it('matches equality, inequality, sets and existence as kubectl -l does', () => {
    expect(matchesSelector(sel('app=a,env=dev'), pod)).toBe(true);
    expect(matchesSelector(sel('app==a'), pod)).toBe(true);
    expect(matchesSelector(sel('app!=a'), pod)).toBe(false);
    expect(matchesSelector(sel('env in (prod, dev)'), pod)).toBe(true);
    expect(matchesSelector(sel('env notin (dev)'), pod)).toBe(false);
    expect(matchesSelector(sel('app'), pod)).toBe(true);
    expect(matchesSelector(sel('!app'), pod)).toBe(false);
    expect(matchesSelector(sel('tier!=web'), pod)).toBe(true);
  });

  it('turns a LabelSelector into the same requirements', () => {
    const s = selectorFromLabelSelector({ matchLabels: { app: 'a' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['dev'] }] });
    expect(matchesSelector(s, pod)).toBe(true);
    expect(matchesSelector(s, { app: 'a', env: 'prod' })).toBe(false);
  });

  it('rejects what labels.Parse rejects', () => {
    expect(parseSelector('app=a;b').ok).toBe(false);
  });
});
