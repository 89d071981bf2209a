import { describe, it, expect } from 'vitest';
import type { Pod, Service } from '../api/core.ts';
import { fromServices, serviceEnv, servicesAt } from './service-env.ts';
import { podEnv } from './container-env.ts';

const svc = (name: string, ip: string, ports: Service['spec']['ports'], ns = 'default', created = '2025-06-01T10:00:00Z'): Service => ({
  apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns, creationTimestamp: created }, spec: { clusterIP: ip, ports },
});
const pod = (ns = 'default', spec: Partial<Pod['spec']> = {}): Pod => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-0', namespace: ns }, spec: { containers: [{ name: 'c', image: 'nginx:1.14-alpine' }], ...spec } });
const KUBERNETES = svc('kubernetes', '10.96.0.1', [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }], 'default', '2025-05-28T19:00:00Z');
const KUBERNETES_VARS = [
  'KUBERNETES_SERVICE_HOST=10.96.0.1', 'KUBERNETES_SERVICE_PORT=443', 'KUBERNETES_SERVICE_PORT_HTTPS=443', 'KUBERNETES_PORT=tcp://10.96.0.1:443',
  'KUBERNETES_PORT_443_TCP=tcp://10.96.0.1:443', 'KUBERNETES_PORT_443_TCP_PROTO=tcp', 'KUBERNETES_PORT_443_TCP_PORT=443', 'KUBERNETES_PORT_443_TCP_ADDR=10.96.0.1',
];
const lines = (vars: [string, string][]) => vars.map(([k, v]) => `${k}=${v}`);

describe('envvars.FromServices (the kubelet test golden, reference §10.2)', () => {
  it('names, values and order', () => {
    const services = [
      svc('foo-bar', '1.2.3.4', [{ port: 8080, protocol: 'TCP' }]),
      svc('abc-123', '5.6.7.8', [{ name: 'u-d-p', port: 8081, protocol: 'UDP' }, { name: 't-c-p', port: 8081, protocol: 'TCP' }]),
      svc('q-u-u-x', '9.8.7.6', [{ port: 8082, protocol: 'TCP' }, { name: '8083', port: 8083, protocol: 'TCP' }]),
      svc('svrc-clusterip-none', 'None', [{ port: 8082, protocol: 'TCP' }]),
      svc('svrc-clusterip-empty', '', [{ port: 8082, protocol: 'TCP' }]),
      svc('super-ipv6', '2001:DB8::', [{ name: 'u-d-p', port: 8084, protocol: 'UDP' }, { name: 't-c-p', port: 8084, protocol: 'TCP' }]),
      svc('sctp-1', '1.2.3.4', [{ port: 777, protocol: 'SCTP' }]),
    ];
    const out = lines(fromServices(services));
    expect(out.slice(0, 7)).toEqual(['FOO_BAR_SERVICE_HOST=1.2.3.4', 'FOO_BAR_SERVICE_PORT=8080', 'FOO_BAR_PORT=tcp://1.2.3.4:8080', 'FOO_BAR_PORT_8080_TCP=tcp://1.2.3.4:8080', 'FOO_BAR_PORT_8080_TCP_PROTO=tcp', 'FOO_BAR_PORT_8080_TCP_PORT=8080', 'FOO_BAR_PORT_8080_TCP_ADDR=1.2.3.4']);
    expect(out.slice(7, 20)).toEqual([
      'ABC_123_SERVICE_HOST=5.6.7.8', 'ABC_123_SERVICE_PORT=8081', 'ABC_123_SERVICE_PORT_U_D_P=8081', 'ABC_123_SERVICE_PORT_T_C_P=8081', 'ABC_123_PORT=udp://5.6.7.8:8081',
      'ABC_123_PORT_8081_UDP=udp://5.6.7.8:8081', 'ABC_123_PORT_8081_UDP_PROTO=udp', 'ABC_123_PORT_8081_UDP_PORT=8081', 'ABC_123_PORT_8081_UDP_ADDR=5.6.7.8',
      'ABC_123_PORT_8081_TCP=tcp://5.6.7.8:8081', 'ABC_123_PORT_8081_TCP_PROTO=tcp', 'ABC_123_PORT_8081_TCP_PORT=8081', 'ABC_123_PORT_8081_TCP_ADDR=5.6.7.8',
    ]);
    expect(out.slice(20, 32)).toEqual([
      'Q_U_U_X_SERVICE_HOST=9.8.7.6', 'Q_U_U_X_SERVICE_PORT=8082', 'Q_U_U_X_SERVICE_PORT_8083=8083', 'Q_U_U_X_PORT=tcp://9.8.7.6:8082', 'Q_U_U_X_PORT_8082_TCP=tcp://9.8.7.6:8082',
      'Q_U_U_X_PORT_8082_TCP_PROTO=tcp', 'Q_U_U_X_PORT_8082_TCP_PORT=8082', 'Q_U_U_X_PORT_8082_TCP_ADDR=9.8.7.6', 'Q_U_U_X_PORT_8083_TCP=tcp://9.8.7.6:8083',
      'Q_U_U_X_PORT_8083_TCP_PROTO=tcp', 'Q_U_U_X_PORT_8083_TCP_PORT=8083', 'Q_U_U_X_PORT_8083_TCP_ADDR=9.8.7.6',
    ]);
    expect(out.slice(32, 45)).toEqual([
      'SUPER_IPV6_SERVICE_HOST=2001:DB8::', 'SUPER_IPV6_SERVICE_PORT=8084', 'SUPER_IPV6_SERVICE_PORT_U_D_P=8084', 'SUPER_IPV6_SERVICE_PORT_T_C_P=8084', 'SUPER_IPV6_PORT=udp://[2001:DB8::]:8084',
      'SUPER_IPV6_PORT_8084_UDP=udp://[2001:DB8::]:8084', 'SUPER_IPV6_PORT_8084_UDP_PROTO=udp', 'SUPER_IPV6_PORT_8084_UDP_PORT=8084', 'SUPER_IPV6_PORT_8084_UDP_ADDR=2001:DB8::',
      'SUPER_IPV6_PORT_8084_TCP=tcp://[2001:DB8::]:8084', 'SUPER_IPV6_PORT_8084_TCP_PROTO=tcp', 'SUPER_IPV6_PORT_8084_TCP_PORT=8084', 'SUPER_IPV6_PORT_8084_TCP_ADDR=2001:DB8::',
    ]);
    expect(out.slice(45)).toEqual(['SCTP_1_SERVICE_HOST=1.2.3.4', 'SCTP_1_SERVICE_PORT=777', 'SCTP_1_PORT=sctp://1.2.3.4:777', 'SCTP_1_PORT_777_SCTP=sctp://1.2.3.4:777', 'SCTP_1_PORT_777_SCTP_PROTO=sctp', 'SCTP_1_PORT_777_SCTP_PORT=777', 'SCTP_1_PORT_777_SCTP_ADDR=1.2.3.4']);
  });
});

describe('which Services a pod gets', () => {
  const web = svc('web', '10.96.5.5', [{ name: 'http', port: 80 }, { name: 'metrics', port: 9090 }]);
  const other = svc('db', '10.96.6.6', [{ port: 5432 }], 'prod');
  const ext: Service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'ext', namespace: 'default' }, spec: { type: 'ExternalName', externalName: 'example.com' } };
  it('its namespace plus kubernetes; headless, ExternalName and other namespaces skipped', () => {
    expect(lines(serviceEnv([KUBERNETES, web, other, ext], pod()))).toEqual([
      ...KUBERNETES_VARS,
      'WEB_SERVICE_HOST=10.96.5.5', 'WEB_SERVICE_PORT=80', 'WEB_SERVICE_PORT_HTTP=80', 'WEB_SERVICE_PORT_METRICS=9090', 'WEB_PORT=tcp://10.96.5.5:80',
      'WEB_PORT_80_TCP=tcp://10.96.5.5:80', 'WEB_PORT_80_TCP_PROTO=tcp', 'WEB_PORT_80_TCP_PORT=80', 'WEB_PORT_80_TCP_ADDR=10.96.5.5',
      'WEB_PORT_9090_TCP=tcp://10.96.5.5:9090', 'WEB_PORT_9090_TCP_PROTO=tcp', 'WEB_PORT_9090_TCP_PORT=9090', 'WEB_PORT_9090_TCP_ADDR=10.96.5.5',
    ]);
    expect(lines(serviceEnv([KUBERNETES, web, other], pod('prod'))).filter((l) => l.startsWith('DB_SERVICE'))).toEqual(['DB_SERVICE_HOST=10.96.6.6', 'DB_SERVICE_PORT=5432']);
  });
  it('enableServiceLinks: false keeps only kubernetes', () => {
    expect(lines(serviceEnv([KUBERNETES, web], pod('default', { enableServiceLinks: false })))).toEqual(KUBERNETES_VARS);
  });
  it('a Service created after the pod started is not there (seed 003)', () => {
    const late = svc('late', '10.96.7.7', [{ port: 80 }], 'default', '2025-06-01T12:00:00Z');
    const seen = servicesAt([KUBERNETES, web, late], '2025-06-01T11:00:00Z');
    expect(lines(serviceEnv(seen, pod())).some((l) => l.startsWith('LATE_'))).toBe(false);
    expect(lines(serviceEnv(servicesAt([KUBERNETES, web, late], '2025-06-01T12:30:00Z'), pod())).some((l) => l.startsWith('LATE_'))).toBe(true);
  });
  it('env as the container prints it: PATH, HOSTNAME, image ENV, own env (winning), Service vars, HOME', () => {
    const p = pod('default', { containers: [{ name: 'c', image: 'nginx:1.14-alpine', env: [{ name: 'WEB_SERVICE_HOST', value: 'mine' }, { name: 'MODE', value: 'x' }] }] });
    const out = podEnv(p, p.spec.containers[0], [KUBERNETES, web]).split('\n');
    expect(out.slice(0, 5)).toEqual(['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'HOSTNAME=web-0', 'NGINX_VERSION=1.14.2', 'WEB_SERVICE_HOST=mine', 'MODE=x']);
    expect(out.filter((l) => l.startsWith('WEB_SERVICE_HOST='))).toEqual(['WEB_SERVICE_HOST=mine']);
    expect(out.at(-2)).toBe('HOME=/root');
    expect(out.at(-1)).toBe('');
  });
});
