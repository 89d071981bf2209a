import { describe, expect, it } from 'vitest';
import type { Deployment } from '../../api/apps.ts';
import type { EndpointSlice } from '../../api/discovery.ts';
import type { Endpoints, Pod, Service, ServiceSpec } from '../../api/core.ts';
import { TEST_SETTINGS } from '../validation/test-settings.ts';
import { applyDefaults } from './index.ts';

const svc = (spec: Partial<ServiceSpec>): Service => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec });

describe('Service defaults', () => {
  it('a bare Service becomes ClusterIP/TCP/targetPort=port, ITP Cluster, affinity None, single-stack IPv4', () => {
    const d = applyDefaults(svc({ selector: { app: 'web' }, ports: [{ port: 80 }] }), TEST_SETTINGS);
    expect(d.spec).toEqual({
      selector: { app: 'web' },
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
      type: 'ClusterIP',
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
      ipFamilyPolicy: 'SingleStack',
      ipFamilies: ['IPv4'],
    });
  });

  it('does not change its input', () => {
    const input = svc({ ports: [{ port: 80 }] });
    applyDefaults(input, TEST_SETTINGS);
    expect(input.spec).toEqual({ ports: [{ port: 80 }] });
  });

  it('NodePort gets externalTrafficPolicy Cluster; LoadBalancer also allocateLoadBalancerNodePorts true', () => {
    expect(applyDefaults(svc({ type: 'NodePort', ports: [{ port: 80 }] }), TEST_SETTINGS).spec.externalTrafficPolicy).toBe('Cluster');
    const lb = applyDefaults(svc({ type: 'LoadBalancer', ports: [{ port: 80 }] }), TEST_SETTINGS).spec;
    expect(lb.externalTrafficPolicy).toBe('Cluster');
    expect(lb.allocateLoadBalancerNodePorts).toBe(true);
  });

  it('ClientIP affinity gets timeoutSeconds 10800; with None a given config is silently cleared', () => {
    expect(applyDefaults(svc({ sessionAffinity: 'ClientIP', ports: [{ port: 80 }] }), TEST_SETTINGS).spec.sessionAffinityConfig)
      .toEqual({ clientIP: { timeoutSeconds: 10800 } });
    expect(applyDefaults(svc({ sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } }, ports: [{ port: 80 }] }), TEST_SETTINGS).spec.sessionAffinityConfig)
      .toBeUndefined();
  });

  it('clusterIPs follows clusterIP; a named targetPort stays', () => {
    const d = applyDefaults(svc({ clusterIP: '10.96.0.10', ports: [{ port: 53, targetPort: 'dns' }] }), TEST_SETTINGS);
    expect(d.spec.clusterIPs).toEqual(['10.96.0.10']);
    expect(d.spec.ports?.[0].targetPort).toBe('dns');
  });

  it('a headless Service without selector is RequireDualStack with both families, as real clusters show', () => {
    const d = applyDefaults(svc({ clusterIP: 'None' }), TEST_SETTINGS);
    expect(d.spec.ipFamilyPolicy).toBe('RequireDualStack');
    expect(d.spec.ipFamilies).toEqual(['IPv4', 'IPv6']);
  });

  it('ExternalName gets neither families nor internalTrafficPolicy', () => {
    const d = applyDefaults(svc({ type: 'ExternalName', externalName: 'db.example.com' }), TEST_SETTINGS);
    expect(d.spec.ipFamilies).toBeUndefined();
    expect(d.spec.ipFamilyPolicy).toBeUndefined();
    expect(d.spec.internalTrafficPolicy).toBeUndefined();
  });
});

describe('workload defaults', () => {
  it('Pod: dnsPolicy, restartPolicy, grace period, scheduler, service links, container defaults', () => {
    const pod: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80 }] }] } };
    const d = applyDefaults(pod, TEST_SETTINGS);
    expect(d.spec.dnsPolicy).toBe('ClusterFirst');
    expect(d.spec.restartPolicy).toBe('Always');
    expect(d.spec.terminationGracePeriodSeconds).toBe(30);
    expect(d.spec.schedulerName).toBe('default-scheduler');
    expect(d.spec.enableServiceLinks).toBe(true);
    expect(d.spec.containers[0]).toMatchObject({ imagePullPolicy: 'Always', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', ports: [{ containerPort: 80, protocol: 'TCP' }] });
    const tagged = applyDefaults<Pod>({ ...pod, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } }, TEST_SETTINGS);
    expect(tagged.spec.containers[0].imagePullPolicy).toBe('IfNotPresent');
  });

  it('probes get SetDefaults_Probe (timeout 1, period 10, success 1, failure 3) and their httpGet a path / and scheme HTTP', () => {
    const pod: Pod = {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' },
      spec: { containers: [{ name: 'c', image: 'nginx', readinessProbe: { httpGet: { port: 80 } }, livenessProbe: { tcpSocket: { port: 80 }, periodSeconds: 5 }, lifecycle: { preStop: { httpGet: { port: 80 } } } }] },
    };
    const c = applyDefaults(pod, TEST_SETTINGS).spec.containers[0];
    expect(c.readinessProbe).toEqual({ httpGet: { port: 80, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
    expect(c.livenessProbe).toEqual({ tcpSocket: { port: 80 }, periodSeconds: 5, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 });
    expect(c.lifecycle).toEqual({ preStop: { httpGet: { port: 80, path: '/', scheme: 'HTTP' } } });
  });

  it('Deployment: replicas 1, RollingUpdate 25%/25%, history 10, deadline 600; the template gets no enableServiceLinks', () => {
    const dep: Deployment = {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    };
    const d = applyDefaults(dep, TEST_SETTINGS);
    expect(d.spec.replicas).toBe(1);
    expect(d.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
    expect(d.spec.revisionHistoryLimit).toBe(10);
    expect(d.spec.progressDeadlineSeconds).toBe(600);
    expect(d.spec.template.spec.enableServiceLinks).toBeUndefined();
    expect(d.spec.template.spec.restartPolicy).toBe('Always');
  });

  it('Endpoints and EndpointSlice ports default to TCP', () => {
    const ep: Endpoints = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'e', namespace: 'default' }, subsets: [{ addresses: [{ ip: '10.244.1.5' }], ports: [{ port: 80 }] }] };
    expect(applyDefaults(ep, TEST_SETTINGS).subsets?.[0].ports?.[0].protocol).toBe('TCP');
    const es: EndpointSlice = { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'e-abc', namespace: 'default' }, addressType: 'IPv4', endpoints: [], ports: [{ port: 80 }] };
    expect(applyDefaults(es, TEST_SETTINGS).ports?.[0]).toEqual({ port: 80, name: '', protocol: 'TCP' });
  });
});
