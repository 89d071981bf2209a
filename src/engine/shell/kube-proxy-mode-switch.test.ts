/**
 * Switching kube-proxy's mode as seed 001 does: edit the kube-system/kube-proxy ConfigMap, then
 * delete the kube-proxy pods so the DaemonSet starts new ones that read it. What each mode's
 * start-up cleanup leaves of the old mode (proxy/mode-cleanup.ts): starting in iptables or ipvs
 * cleans only nftables leftovers; starting in nftables cleans iptables and ipvs leftovers.
 */
import { describe, expect, it } from 'vitest';
import { createSession, type Session } from '../index.ts';

const BANNER = 'IP Virtual Server version 1.2.1 (size=4096)\n';
const TITLE = 'Prot LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n';
const EMPTY_IPVS = { stdout: BANNER + TITLE, stderr: '', exitCode: 0 };

// Seed 001 (/work/shared/seeds/001_*.txt), the block after `ipvsadm -Ln`.
const SEED_001 = `${BANNER}${TITLE}TCP  10.96.0.1:443 rr
  -> 172.200.1.200:6443           Masq    1      0          0         
TCP  10.96.0.10:53 rr
  -> 10.244.0.6:53                Masq    1      0          0         
  -> 10.244.0.7:53                Masq    1      0          0         
TCP  10.96.0.10:9153 rr
  -> 10.244.0.6:9153              Masq    1      0          0         
  -> 10.244.0.7:9153              Masq    1      0          0         
UDP  10.96.0.10:53 rr
  -> 10.244.0.6:53                Masq    1      0          0         
  -> 10.244.0.7:53                Masq    1      0          0         
`;

/** kube-proxy's iptables-mode chain for default/kubernetes:https (its hashed name is fixed by the port's name). */
const KUBERNETES_SVC_CHAIN = 'KUBE-SVC-NPX46M4PTMTKRN6Y';
const IPVS_MASQ_RULE =
  '-A KUBE-SERVICES ! -s 10.244.0.0/16 -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ\n';

function run(s: Session, line: string, stdin?: string) {
  const r = s.run(line, stdin === undefined ? {} : { stdin });
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
}

/** The ConfigMap edit, non-interactively: the console's `kubectl edit` cannot change objects. */
function setMode(s: Session, from: string, to: string): void {
  const cm = run(s, 'kubectl get cm kube-proxy -n kube-system -o yaml').stdout;
  expect(cm).toContain(`\n    mode: "${from}"\n`);
  expect(run(s, 'kubectl replace -f -', cm.replace(`\n    mode: "${from}"\n`, `\n    mode: "${to}"\n`))).toEqual({ stdout: 'configmap/kube-proxy replaced\n', stderr: '', exitCode: 0 });
}

/** `kubectl delete pods -l k8s-app=kube-proxy -n kube-system`, then a look at the new pods, as the seed does. */
function restartKubeProxies(s: Session): void {
  const names = run(s, 'kubectl get pods -n kube-system -l k8s-app=kube-proxy -o name').stdout.trim().split('\n').map((n) => n.replace('pod/', ''));
  expect(names).toHaveLength(4);
  const r = run(s, 'kubectl delete pods -l k8s-app=kube-proxy -n kube-system');
  expect(r).toEqual({ stdout: names.map((n) => `pod "${n}" deleted\n`).join(''), stderr: '', exitCode: 0 });
  for (const n of names) expect(n).toMatch(/^kube-proxy-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  const after = run(s, 'kubectl get pods -n kube-system -l k8s-app=kube-proxy').stdout;
  expect(after.trim().split('\n')).toHaveLength(5);
  for (const n of names) expect(after).not.toContain(n);
}

describe('iptables -> ipvs, as seed 001 switches', () => {
  const s = createSession();

  it('editing the ConfigMap alone changes nothing: kube-proxy reads it when it starts', () => {
    setMode(s, '', 'ipvs');
    expect(run(s, 'ipvsadm -Ln')).toEqual(EMPTY_IPVS);
    expect(run(s, 'iptables-save -t nat').stdout).toContain(`-A KUBE-SERVICES -d 10.96.0.1/32 -p tcp -m comment --comment "default/kubernetes:https cluster IP" -m tcp --dport 443 -j ${KUBERNETES_SVC_CHAIN}\n`);
  });

  it('after the kube-proxy pods are deleted, ipvsadm -Ln prints seed 001’s table on every node', () => {
    restartKubeProxies(s);
    expect(run(s, 'ipvsadm -Ln')).toEqual({ stdout: SEED_001, stderr: '', exitCode: 0 });
    for (const node of ['node201', 'node202', 'node203']) expect(run(s, `ssh ${node} ipvsadm -Ln`).stdout).toBe(SEED_001);
  });

  it('kube-ipvs0 holds the service addresses', () => {
    const addr = run(s, 'ip addr show kube-ipvs0').stdout;
    expect(addr).toMatch(/^\d+: kube-ipvs0: <BROADCAST,NOARP> mtu 1500 qdisc noop state DOWN group default \n/);
    const all = run(s, 'ip addr').stdout;
    expect(all).toContain('    inet 10.96.0.1/32 scope global kube-ipvs0\n');
    expect(all).toContain('    inet 10.96.0.10/32 scope global kube-ipvs0\n');
  });

  it('iptables-save: ipvs mode’s KUBE-SERVICES, and the iptables-mode service chains left behind', () => {
    const nat = run(s, 'iptables-save -t nat').stdout;
    expect(nat).toContain(IPVS_MASQ_RULE);
    expect(nat).toContain('-A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT\n');
    // ipvs mode's restore rewrote KUBE-SERVICES (no jump to a service chain is left in it) ...
    expect(nat).not.toMatch(/^-A KUBE-SERVICES .*-j KUBE-SVC-/m);
    // ... but nothing deletes the old KUBE-SVC-*/KUBE-SEP-* chains: iptables -> ipvs cleans only nftables.
    expect(nat).toContain(`:${KUBERNETES_SVC_CHAIN} - [0:0]\n`);
    expect(nat).toContain(`-A ${KUBERNETES_SVC_CHAIN} -m comment --comment "default/kubernetes:https -> 172.200.1.200:6443" -j KUBE-SEP-`);
  });

  it('ipset list KUBE-CLUSTER-IP lists each ClusterIP,proto:port', () => {
    const r = run(s, 'ipset list KUBE-CLUSTER-IP');
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split('Members:\n')[1].trim().split('\n').sort()).toEqual(['10.96.0.1,tcp:443', '10.96.0.10,tcp:53', '10.96.0.10,tcp:9153', '10.96.0.10,udp:53']);
  });

  it('then ipvs -> nftables: the table ip kube-proxy, and no iptables or IPVS leftovers', () => {
    setMode(s, 'ipvs', 'nftables');
    restartKubeProxies(s);
    const table = run(s, 'nft list table ip kube-proxy');
    expect(table.exitCode).toBe(0);
    expect(table.stdout).toMatch(/^table ip kube-proxy \{\n/);
    expect(table.stdout).toContain('10.96.0.1 . tcp . 443');
    expect(run(s, 'ipvsadm -Ln')).toEqual(EMPTY_IPVS);
    expect(run(s, 'ipset list')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(run(s, 'ip addr show kube-ipvs0')).toEqual({ stdout: '', stderr: 'Device "kube-ipvs0" does not exist.\n', exitCode: 1 });
    const saved = run(s, 'iptables-save').stdout;
    expect(saved).not.toContain('KUBE-SVC-');
    expect(saved).not.toContain('KUBE-SEP-');
    expect(saved).not.toContain('KUBE-SERVICES');
    expect(saved).not.toContain('--match-set');
    // kubelet's and flannel's rules stay.
    expect(saved).toContain(':KUBE-FIREWALL - [0:0]\n');
    expect(saved).toContain('-A POSTROUTING -m comment --comment "flanneld masq" -j FLANNEL-POSTRTG\n');
  });
});

describe('iptables -> nftables', () => {
  const s = createSession();

  it('nftables start-up deletes the iptables-mode chains', () => {
    expect(run(s, 'nft list tables').stdout).toBe('');
    expect(run(s, 'iptables-save -t nat').stdout).toContain(`:${KUBERNETES_SVC_CHAIN} - [0:0]\n`);
    setMode(s, '', 'nftables');
    restartKubeProxies(s);
    expect(run(s, 'nft list tables').stdout).toBe('table ip kube-proxy\n');
    expect(run(s, 'nft list table ip kube-proxy').stdout).toMatch(/^table ip kube-proxy \{\n/);
    const nat = run(s, 'iptables-save -t nat').stdout;
    expect(nat).not.toContain('KUBE-SVC-');
    expect(nat).not.toContain('KUBE-SERVICES');
    expect(run(s, 'ipvsadm -Ln')).toEqual(EMPTY_IPVS);
  });
});

describe('ipvs -> iptables', () => {
  const s = createSession({ scenario: 'apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: ipvs\n' });

  it('iptables start-up cleans only nftables: the IPVS table, kube-ipvs0 and the ipsets stay', () => {
    expect(run(s, 'ipvsadm -Ln').stdout).toBe(SEED_001);
    setMode(s, 'ipvs', '');
    restartKubeProxies(s);
    expect(run(s, 'iptables-save -t nat').stdout).toContain(`-j ${KUBERNETES_SVC_CHAIN}\n`);
    expect(run(s, 'ipvsadm -Ln').stdout).toBe(SEED_001);
    expect(run(s, 'ip addr show kube-ipvs0').stdout).toContain('    inet 10.96.0.10/32 scope global kube-ipvs0\n');
    expect(run(s, 'ipset list -n').stdout).toContain('KUBE-CLUSTER-IP\n');
  });
});

describe('the first console line after the restart', () => {
  // The old mode's state is read (for its leftovers) while the new pods are noted; none of it may
  // stay cached for the next line.
  it('already sees the new mode', () => {
    const s = createSession();
    setMode(s, '', 'ipvs');
    run(s, 'kubectl delete pods -l k8s-app=kube-proxy -n kube-system');
    expect(run(s, 'ipvsadm -Ln').stdout).toBe(SEED_001);
  });
});

describe('the session names the running mode', () => {
  it('changes when kube-proxy restarts with the new ConfigMap, not when the ConfigMap changes', () => {
    const s = createSession();
    expect(s.proxyMode).toBe('iptables');
    setMode(s, '', 'ipvs');
    expect(s.proxyMode).toBe('iptables');
    run(s, 'kubectl delete pods -l k8s-app=kube-proxy -n kube-system');
    expect(s.proxyMode).toBe('ipvs');
  });
});

describe('iptables -> ipvs by kubectl rollout restart daemonset kube-proxy', () => {
  const s = createSession();

  it('the restarted kube-proxy pods read the edited ConfigMap: seed 001’s table on every node', () => {
    setMode(s, '', 'ipvs');
    expect(run(s, 'ipvsadm -Ln')).toEqual(EMPTY_IPVS);
    expect(run(s, 'kubectl rollout restart daemonset kube-proxy -n kube-system')).toEqual({ stdout: 'daemonset.apps/kube-proxy restarted\n', stderr: '', exitCode: 0 });
    expect(run(s, 'ipvsadm -Ln')).toEqual({ stdout: SEED_001, stderr: '', exitCode: 0 });
    for (const node of ['node201', 'node202', 'node203']) expect(run(s, `ssh ${node} ipvsadm -Ln`).stdout).toBe(SEED_001);
    expect(run(s, 'iptables-save -t nat').stdout).toContain(IPVS_MASQ_RULE);
  });
});
