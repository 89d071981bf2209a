import { describe, it, expect } from 'vitest';
import { setLanguage, t } from './messages.ts';

describe('message catalog', () => {
  it('fills named placeholders', () => {
    expect(t('problems.atLine', { line: 9, message: 'spec.ports[0].port: Required value' })).toBe('line 9: spec.ports[0].port: Required value');
    expect(t('cluster.command', { command: 'kubectl get svc' })).toBe('Output of kubectl get svc');
  });

  it('keeps a placeholder it has no value for, so a missing parameter shows', () => {
    expect(t('problems.atLine', { line: 9 })).toBe('line 9: {message}');
  });

  it('falls back to English for a language it does not have', () => {
    setLanguage('xx');
    expect(t('console.heading')).toBe('Console');
    setLanguage('en');
  });
});
