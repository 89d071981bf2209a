import { describe, expect, it } from 'vitest';
import { busyboxAgrees } from './busybox.ts';

describe("where BusyBox's applets print what GNU's tools print", () => {
  it('takes the short options both have, with their values attached or apart', () => {
    expect(busyboxAgrees('grep', ['-ci', 'x'])).toBe(true);
    expect(busyboxAgrees('grep', ['-A', '2', '-m1', 'x', '/etc/hosts'])).toBe(true);
    expect(busyboxAgrees('head', ['-5'])).toBe(true);
    expect(busyboxAgrees('head', ['-n', '1'])).toBe(true);
    expect(busyboxAgrees('sort', ['-t:', '-k2', '-nr'])).toBe(true);
    expect(busyboxAgrees('seq', ['1', '10'])).toBe(true);
  });

  it('refuses long options, options only one of them has, and applets that differ', () => {
    expect(busyboxAgrees('grep', ['--count', 'x'])).toBe(false);
    expect(busyboxAgrees('grep', ['-P', 'x'])).toBe(false);
    expect(busyboxAgrees('tail', ['-f', 'x'])).toBe(false);
    expect(busyboxAgrees('sort', ['-h'])).toBe(false);
    expect(busyboxAgrees('wc', ['-l'])).toBe(false);
    expect(busyboxAgrees('awk', ['{print $1}'])).toBe(false);
    expect(busyboxAgrees('seq', ['1', '0.5', '2'])).toBe(false);
  });
});
