/** The DaemonSet controller: where daemon pods run, and what a user's DaemonSet may say. */
import { describe, expect, it } from 'vitest';
import type { DaemonSet } from '../api/apps.ts';
import type { Node } from '../api/core.ts';
import { createCluster } from './default-cluster.ts';
import { DEFAULT_SETTINGS } from './settings.ts';

function cluster() {
  return createCluster({ settings: DEFAULT_SETTINGS, seed: 1, now: Date.parse('2025-06-02T14:00:00Z') });
}

function agent(extra: Partial<DaemonSet['spec']['template']['spec']> = {}): DaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'default' },
    spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'agent', image: 'busybox:1.36' }], ...extra } } },
  };
}

const podNodes = (c: ReturnType<typeof cluster>, ns: string, prefix: string) =>
  c.list('Pod', ns).filter((p) => p.metadata.name.startsWith(prefix)).map((p) => p.spec.nodeName).sort();

describe('DaemonSet controller', () => {
  it('runs a pod on every node whose taints it tolerates, named <ds>-<5 chars>', () => {
    const c = cluster();
    expect(c.create(agent()).ok).toBe(true);
    // The control plane's NoSchedule taint keeps an untolerating daemon off it.
    expect(podNodes(c, 'default', 'agent-')).toEqual(['node201', 'node202', 'node203']);
    for (const p of c.list('Pod', 'default')) expect(p.metadata.name).toMatch(/^agent-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    const ds = c.get('DaemonSet', 'default', 'agent')!;
    expect(ds.status).toEqual({ currentNumberScheduled: 3, numberMisscheduled: 0, desiredNumberScheduled: 3, numberReady: 3, observedGeneration: 1, updatedNumberScheduled: 3, numberAvailable: 3 });
    expect(ds.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    expect(ds.spec.revisionHistoryLimit).toBe(10);
  });

  it('follows the nodeSelector, and gives a node added later its pods', () => {
    const c = cluster();
    expect(c.create(agent({ nodeSelector: { disk: 'ssd' } })).ok).toBe(true);
    expect(podNodes(c, 'default', 'agent-')).toEqual([]);
    const node: Node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node204', labels: { 'kubernetes.io/os': 'linux', disk: 'ssd' } }, spec: {} };
    expect(c.create(node).ok).toBe(true);
    expect(podNodes(c, 'default', 'agent-')).toEqual(['node204']);
    expect(podNodes(c, 'kube-system', 'kube-proxy-')).toEqual(['master200', 'node201', 'node202', 'node203', 'node204']);
    expect(podNodes(c, 'kube-flannel', 'kube-flannel-ds-')).toEqual(['master200', 'node201', 'node202', 'node203', 'node204']);
    expect(c.get('DaemonSet', 'kube-system', 'kube-proxy')!.status?.desiredNumberScheduled).toBe(5);
  });

  it('a deleted pod comes back under a new name on the same node', () => {
    const c = cluster();
    const gone = c.list('Pod', 'kube-system').find((p) => p.metadata.name.startsWith('kube-proxy-') && p.spec.nodeName === 'node202')!;
    expect(c.delete('Pod', 'kube-system', gone.metadata.name).ok).toBe(true);
    const back = c.list('Pod', 'kube-system').filter((p) => p.metadata.name.startsWith('kube-proxy-') && p.spec.nodeName === 'node202');
    expect(back).toHaveLength(1);
    expect(back[0].metadata.name).not.toBe(gone.metadata.name);
  });

  it("refuses what the apiserver refuses, in its words", () => {
    const c = cluster();
    const bad = agent();
    bad.spec.template.metadata = { labels: { app: 'other' } };
    const r = c.create(bad);
    expect(r.ok ? '' : r.error.message).toBe('DaemonSet.apps "agent" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`');
    const empty = agent();
    empty.spec.selector = {};
    const e = c.create(empty);
    expect(e.ok ? '' : e.error.message).toBe('DaemonSet.apps "agent" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for daemonset');
    const both = agent();
    both.spec.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 1 } };
    const b = c.create(both);
    expect(b.ok ? '' : b.error.message).toBe('DaemonSet.apps "agent" is invalid: spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:0, IntVal:1, StrVal:""}: may not be set when maxUnavailable is non-zero');
  });
});
