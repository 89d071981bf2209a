/** kubectl cordon|uncordon (pkg/cmd/drain/drain.go), with the taint and event a cluster adds. */
import { describe, expect, it } from 'vitest';
import { createSession } from '../../index.ts';

describe('kubectl cordon|uncordon', () => {
  it('marks a node unschedulable: tainted, skipped by the scheduler, reported by its kubelet', () => {
    const s = createSession();
    expect(s.run('kubectl cordon node201').stdout).toBe('node/node201 cordoned\n');
    expect(s.run('kubectl cordon node201').stdout).toBe('node/node201 already cordoned\n');
    expect(s.run('kubectl get node node201').stdout).toMatch(/\nnode201\s+Ready,SchedulingDisabled\s+<none>/);
    const described = s.run('kubectl describe node node201').stdout;
    expect(described).toContain('Taints:             node.kubernetes.io/unschedulable:NoSchedule\nUnschedulable:      true\n');
    expect(described).toMatch(/\n  Normal  NodeNotSchedulable  \d+s +kubelet  Node node201 status is now: NodeNotSchedulable\n/);
    s.run('kubectl create deployment web --image=nginx --replicas=4');
    expect(s.cluster.list('Pod', 'default').map((p) => p.spec.nodeName)).not.toContain('node201');
    expect(s.run('kubectl uncordon node201').stdout).toBe('node/node201 uncordoned\n');
    expect(s.cluster.get('Node', undefined, 'node201')!.spec.taints).toBeUndefined();
    expect(s.run('kubectl uncordon node201 --dry-run=client').stdout).toBe('node/node201 already uncordoned\n');
    expect(s.run('kubectl cordon -l kubernetes.io/hostname=node202 --dry-run=client').stdout).toBe('node/node202 cordoned (dry run)\n');
    expect(s.run('kubectl cordon nosuch').stderr).toBe('Error from server (NotFound): nodes "nosuch" not found\n');
    expect(s.run('kubectl cordon node202 node203').stdout).toBe('node/node202 cordoned\nnode/node203 cordoned\n');
    expect(s.run('kubectl uncordon').stderr).toBe("error: USAGE: uncordon NODE [flags]\nSee 'kubectl uncordon -h' for help and examples\n");
  });
});
