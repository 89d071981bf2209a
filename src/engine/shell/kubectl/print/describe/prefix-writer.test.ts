import { describe as suite, it, expect } from 'vitest';
import { PrefixWriter, printAnnotationsMultiline } from './prefix-writer.ts';

const annotations = (a: Record<string, string>) => {
  const w = new PrefixWriter();
  printAnnotationsMultiline(w, 'Annotations', a);
  return w.toString();
};

suite('printAnnotationsMultiline', () => {
  it('keeps a value on the key line while key, ": " and value fit in 140 bytes', () => {
    expect(annotations({ k: 'v'.repeat(137) })).toBe(`Annotations:  k: ${'v'.repeat(137)}\n`);
  });

  it('moves a longer value to its own line, cut at 138 bytes', () => {
    expect(annotations({ k: 'v'.repeat(138) })).toBe(`Annotations:  k:\n                ${'v'.repeat(138)}\n`);
    expect(annotations({ k: 'v'.repeat(200) })).toBe(`Annotations:  k:\n                ${'v'.repeat(138)}...\n`);
  });

  it('counts bytes as Go does, not characters', () => {
    // 69 two-byte characters are 138 bytes: with "k: " the line is past 140.
    expect(annotations({ k: 'é'.repeat(69) })).toBe(`Annotations:  k:\n                ${'é'.repeat(69)}\n`);
  });

  it('hides last-applied-configuration and prints <none> when nothing else is left', () => {
    expect(annotations({ 'kubectl.kubernetes.io/last-applied-configuration': '{}\n' })).toBe('Annotations:  <none>\n');
  });
});
