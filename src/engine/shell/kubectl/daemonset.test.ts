/** The default cluster's DaemonSets through kubectl v1.33: get, get all, describe, rollout, delete. */
import { describe, expect, it } from 'vitest';
import { createSession } from '../../index.ts';

type Session = ReturnType<typeof createSession>;

function out(r: { stdout: string; stderr: string; exitCode: number }) {
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
}

const ok = (stdout: string) => ({ stdout, stderr: '', exitCode: 0 });

function proxyPods(s: Session): string[] {
  return s.run('kubectl get pods -n kube-system -l k8s-app=kube-proxy -o name').stdout.trim().split('\n');
}

describe('kubectl get ds', () => {
  it('lists kube-proxy and kube-flannel-ds as printDaemonSet does', () => {
    const s = createSession();
    expect(out(s.run('kubectl get ds -A'))).toEqual(ok(`NAMESPACE      NAME              DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR            AGE
kube-flannel   kube-flannel-ds   4         4         4       4            4           <none>                   3d15h
kube-system    kube-proxy        4         4         4       4            4           kubernetes.io/os=linux   3d15h
`));
    expect(out(s.run('kubectl get daemonsets.apps -n kube-system -o wide'))).toEqual(ok(`NAME         DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR            AGE     CONTAINERS   IMAGES                               SELECTOR
kube-proxy   4         4         4       4            4           kubernetes.io/os=linux   3d15h   kube-proxy   registry.k8s.io/kube-proxy:v1.33.1   k8s-app=kube-proxy
`));
  });

  it('kubectl get all -A: the daemonset.apps section between services and deployments', () => {
    const all = createSession().run('kubectl get all -A').stdout;
    expect(all).toContain(`kube-system   service/kube-dns     ClusterIP   10.96.0.10   <none>        53/UDP,53/TCP,9153/TCP   3d15h

NAMESPACE      NAME                             DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR            AGE
kube-flannel   daemonset.apps/kube-flannel-ds   4         4         4       4            4           <none>                   3d15h
kube-system    daemonset.apps/kube-proxy        4         4         4       4            4           kubernetes.io/os=linux   3d15h

NAMESPACE     NAME                      READY   UP-TO-DATE   AVAILABLE   AGE
kube-system   deployment.apps/coredns   2/2     2            2           3d15h
`);
  });

  it('the pods name their DaemonSet by the uid it holds', () => {
    const s = createSession();
    const uid = s.run('kubectl get ds kube-proxy -n kube-system -o jsonpath={.metadata.uid}').stdout;
    const owners = s.run('kubectl get pods -n kube-system -l k8s-app=kube-proxy -o jsonpath={.items[*].metadata.ownerReferences[0].uid}').stdout.split(' ');
    expect(owners).toEqual([uid, uid, uid, uid]);
    expect(s.run('kubectl get ds kube-proxy -n kube-system -o jsonpath={.metadata.annotations}').stdout).toBe('{"deprecated.daemonset.template.generation":"1"}');
  });
});

describe('kubectl describe ds', () => {
  it("prints DaemonSetDescriber's fields and the pod template", () => {
    expect(out(createSession().run('kubectl describe ds kube-proxy -n kube-system'))).toEqual(ok(`Name:           kube-proxy
Namespace:      kube-system
Selector:       k8s-app=kube-proxy
Node-Selector:  kubernetes.io/os=linux
Labels:         k8s-app=kube-proxy
Annotations:    deprecated.daemonset.template.generation: 1
Desired Number of Nodes Scheduled: 4
Current Number of Nodes Scheduled: 4
Number of Nodes Scheduled with Up-to-date Pods: 4
Number of Nodes Scheduled with Available Pods: 4
Number of Nodes Misscheduled: 0
Pods Status:  4 Running / 0 Waiting / 0 Succeeded / 0 Failed
Pod Template:
  Labels:           k8s-app=kube-proxy
  Service Account:  kube-proxy
  Containers:
   kube-proxy:
    Image:      registry.k8s.io/kube-proxy:v1.33.1
    Port:       <none>
    Host Port:  <none>
    Command:
      /usr/local/bin/kube-proxy
      --config=/var/lib/kube-proxy/config.conf
      --hostname-override=$(NODE_NAME)
    Environment:
      NODE_NAME:   (v1:spec.nodeName)
    Mounts:
      /lib/modules from lib-modules (ro)
      /run/xtables.lock from xtables-lock (rw)
      /var/lib/kube-proxy from kube-proxy (rw)
  Volumes:
   kube-proxy:
    Type:      ConfigMap (a volume populated by a ConfigMap)
    Name:      kube-proxy
    Optional:  false
   xtables-lock:
    Type:          HostPath (bare host directory volume)
    Path:          /run/xtables.lock
    HostPathType:  FileOrCreate
   lib-modules:
    Type:               HostPath (bare host directory volume)
    Path:               /lib/modules
    HostPathType:       
  Priority Class Name:  system-node-critical
  Node-Selectors:       kubernetes.io/os=linux
  Tolerations:          op=Exists
Events:                 <none>
`));
  });
});

describe('kubectl rollout status|restart daemonset', () => {
  it('status: rolled out; restart: every pod replaced, template generation 2, rolled out again', () => {
    const s = createSession();
    expect(out(s.run('kubectl rollout status ds/kube-proxy -n kube-system'))).toEqual(ok('daemon set "kube-proxy" successfully rolled out\n'));
    const before = proxyPods(s);
    expect(out(s.run('kubectl rollout restart daemonset kube-proxy -n kube-system'))).toEqual(ok('daemonset.apps/kube-proxy restarted\n'));
    const after = proxyPods(s);
    expect(after).toHaveLength(4);
    for (const p of after) expect(before).not.toContain(p);
    const labels = s.run('kubectl get pods -n kube-system -l k8s-app=kube-proxy -o jsonpath={.items[*].metadata.labels.pod-template-generation}').stdout;
    expect(labels).toBe('2 2 2 2');
    const nodes = s.run('kubectl get pods -n kube-system -l k8s-app=kube-proxy -o jsonpath={.items[*].spec.nodeName}').stdout.split(' ').sort();
    expect(nodes).toEqual(['master200', 'node201', 'node202', 'node203']);
    expect(out(s.run('kubectl rollout status daemonset kube-proxy -n kube-system'))).toEqual(ok('daemon set "kube-proxy" successfully rolled out\n'));
    expect(s.run('kubectl get ds -n kube-system --no-headers').stdout).toBe('kube-proxy   4     4     4     4     4     kubernetes.io/os=linux   3d15h\n');
  });

  it('an OnDelete DaemonSet has no rollout status', () => {
    const s = createSession();
    expect(out(s.run(`kubectl patch ds kube-flannel-ds -n kube-flannel -p '{"spec":{"updateStrategy":{"type":"OnDelete","rollingUpdate":null}}}'`))).toEqual(ok('daemonset.apps/kube-flannel-ds patched\n'));
    expect(out(s.run('kubectl rollout status ds/kube-flannel-ds -n kube-flannel'))).toEqual({ stdout: '', stderr: 'error: rollout status is only available for RollingUpdate strategy type\n', exitCode: 1 });
  });
});

describe('kubectl delete ds', () => {
  it('takes its pods with it', () => {
    const s = createSession();
    expect(out(s.run('kubectl delete ds kube-flannel-ds -n kube-flannel'))).toEqual(ok('daemonset.apps "kube-flannel-ds" deleted\n'));
    expect(out(s.run('kubectl get pods -n kube-flannel'))).toEqual({ stdout: '', stderr: 'No resources found in kube-flannel namespace.\n', exitCode: 0 });
  });
});
