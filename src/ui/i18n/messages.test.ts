import { describe, it, expect } from 'vitest';
import { setLanguage, t } from './messages.ts';

describe('message catalog', () => {
  it('fills named placeholders', () => {
    expect(t('console.exitCode', { code: 127 })).toBe('exit code 127');
    expect(t('cluster.command', { command: 'kubectl get svc' })).toBe('Output of kubectl get svc');
  });

  it('keeps a placeholder it has no value for, so a missing parameter shows', () => {
    expect(t('console.exitCode', {})).toBe('exit code {code}');
  });

  it('falls back to English for a language it does not have', () => {
    setLanguage('xx');
    expect(t('console.heading')).toBe('Console');
    setLanguage('en');
  });
});
