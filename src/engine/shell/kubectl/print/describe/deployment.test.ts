import { describe as suite, it, expect } from 'vitest';
import type { ReplicaSet } from '../../../../api/apps.ts';
import type { Pod } from '../../../../api/core.ts';
import { describe } from './index.ts';
import { ago, fakeCluster } from '../testing/fake-cluster.ts';
import { deployment, runningPod } from '../testing/builders.ts';

function replicaSet(name: string, hash: string, ageSec: number, replicas: number, image: string): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name, namespace: 'default', uid: `uid-${name}`, creationTimestamp: ago(ageSec), labels: { app: 'web', 'pod-template-hash': hash },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'uid-web', controller: true }],
    },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web', 'pod-template-hash': hash } },
      template: { metadata: { labels: { app: 'web', 'pod-template-hash': hash } }, spec: { containers: [{ name: 'web', image, ports: [{ containerPort: 80, name: 'http', protocol: 'TCP' }] }] } },
    },
    status: { replicas },
  };
}

suite('kubectl describe deployment: replica sets', () => {
  const d = deployment('web', 600, 2, 2);
  d.metadata.uid = 'uid-web';
  d.spec.template.spec.containers[0].image = 'nginx:1.28';
  const oldest = replicaSet('web-5d4f8b7c9d', '5d4f8b7c9d', 600, 0, 'nginx:1.27');
  const older = replicaSet('web-6c9b8d7f5a', '6c9b8d7f5a', 300, 0, 'nginx:1.26');
  const current = replicaSet('web-7f8c9d6b4e', '7f8c9d6b4e', 60, 2, 'nginx:1.28');

  // Without a Conditions table the two lines share the pod template's column (Go tabwriter).
  it('lists every old set, scaled to zero or not, oldest first, and the one whose template matches as new', () => {
    const text = describe(d, fakeCluster([current, older, oldest]));
    expect(text).toContain('  Tolerations:     <none>\nOldReplicaSets:    web-5d4f8b7c9d (0/0 replicas created), web-6c9b8d7f5a (0/0 replicas created)\nNewReplicaSet:     web-7f8c9d6b4e (2/2 replicas created)\nEvents:            <none>\n');
  });

  it('prints NewReplicaSet <none> when no set has the current template yet', () => {
    const text = describe(d, fakeCluster([oldest]));
    expect(text).toContain('OldReplicaSets:    web-5d4f8b7c9d (0/0 replicas created)\nNewReplicaSet:     <none>\n');
  });
});

suite('kubectl describe replicaset', () => {
  it('counts only the pods it controls and prints its conditions', () => {
    const rs = replicaSet('web-7f8c9d6b4e', '7f8c9d6b4e', 60, 2, 'nginx:1.28');
    rs.status = { replicas: 1, conditions: [{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate' }] } as ReplicaSet['status'];
    const owned = runningPod('web-7f8c9d6b4e-abcde', 60, { labels: { app: 'web', 'pod-template-hash': '7f8c9d6b4e' } });
    owned.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name, uid: 'uid-web-7f8c9d6b4e', controller: true }];
    const orphan: Pod = runningPod('stray', 60, { labels: { app: 'web', 'pod-template-hash': '7f8c9d6b4e' } });
    expect(describe(rs, fakeCluster([rs, owned, orphan]))).toBe(`Name:           web-7f8c9d6b4e
Namespace:      default
Selector:       app=web,pod-template-hash=7f8c9d6b4e
Labels:         app=web
                pod-template-hash=7f8c9d6b4e
Annotations:    <none>
Controlled By:  Deployment/web
Replicas:       1 current / 2 desired
Pods Status:    1 Running / 0 Waiting / 0 Succeeded / 0 Failed
Pod Template:
  Labels:  app=web
           pod-template-hash=7f8c9d6b4e
  Containers:
   web:
    Image:         nginx:1.28
    Port:          80/TCP
    Host Port:     0/TCP
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Conditions:
  Type             Status  Reason
  ----             ------  ------
  ReplicaFailure   True    FailedCreate
Events:            <none>
`);
  });
});
