import { describe, expect, it } from 'vitest';
import { parseDurationMs, parsePortRange, userspaceConfigFrom } from './config.ts';

const KPC = { apiVersion: 'kubeproxy.config.k8s.io/v1alpha1', kind: 'KubeProxyConfiguration' } as const;

describe('userspace settings', () => {
  it('defaults to 0.0.0.0, kernel-chosen proxy ports and a 250ms UDP idle timeout', () => {
    expect(userspaceConfigFrom({ ...KPC, mode: 'userspace' })).toEqual({ bindAddress: '0.0.0.0', udpIdleTimeoutMs: 250 });
  });

  it('reads portRange as utilnet.PortRange does', () => {
    expect(parsePortRange('30000-30009')).toEqual({ base: 30000, size: 10 });
    expect(parsePortRange('30000+9')).toEqual({ base: 30000, size: 10 });
    expect(parsePortRange('40000')).toEqual({ base: 40000, size: 1 });
    expect(parsePortRange('')).toBeUndefined();
    expect(parsePortRange('200-100')).toEqual({ error: 'end port cannot be less than start port: 200-100' });
  });

  it('refuses to proxy on localhost', () => {
    expect(userspaceConfigFrom({ ...KPC, bindAddress: '127.0.0.1' })).toEqual({ error: 'cannot proxy on localhost' });
  });

  it('reads Go durations', () => {
    expect(parseDurationMs('1m30s')).toBe(90_000);
    expect(userspaceConfigFrom({ ...KPC, udpIdleTimeout: '2s', portRange: '40000-40099' })).toEqual({
      bindAddress: '0.0.0.0', portRange: { base: 40000, size: 100 }, udpIdleTimeoutMs: 2000,
    });
  });
});
