/**
 * Golden outputs through the console: `iptables-save -t nat` on the default cluster's control
 * plane against a real kubeadm node's dump (reference §2.8 G8), and `conntrack -L` after a host
 * curls a ClusterIP (the DNAT and SNAT of the flow in conntrack-tools' format).
 */
import { describe, it, expect } from 'vitest';
import { createSession } from '../session.ts';
import { servicePortEndpointChainName } from '../proxy/iptables/names.ts';

/** Reference §2.8 G8, verbatim (REAL `iptables-save -t nat`, kubeadm + flannel). */
const G8 = `-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000
-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0
-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully
-A KUBE-SEP-CLAGU7VMF4VCXE4X -s 10.244.2.2/32 -m comment --comment "kube-system/kube-dns:metrics" -j KUBE-MARK-MASQ
-A KUBE-SEP-CLAGU7VMF4VCXE4X -p tcp -m comment --comment "kube-system/kube-dns:metrics" -m tcp -j DNAT --to-destination 10.244.2.2:9153
-A KUBE-SEP-U7HH75UFG3U5VGYY -s 192.168.20.100/32 -m comment --comment "default/kubernetes:https" -j KUBE-MARK-MASQ
-A KUBE-SEP-U7HH75UFG3U5VGYY -p tcp -m comment --comment "default/kubernetes:https" -m tcp -j DNAT --to-destination 192.168.20.100:6443
-A KUBE-SERVICES -d 10.96.0.1/32 -p tcp -m comment --comment "default/kubernetes:https cluster IP" -m tcp --dport 443 -j KUBE-SVC-NPX46M4PTMTKRN6Y
-A KUBE-SERVICES -d 10.96.0.10/32 -p udp -m comment --comment "kube-system/kube-dns:dns cluster IP" -m udp --dport 53 -j KUBE-SVC-TCOU7JCQXEZGVUNU
-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
-A KUBE-SVC-NPX46M4PTMTKRN6Y ! -s 10.244.0.0/16 -d 10.96.0.1/32 -p tcp -m comment --comment "default/kubernetes:https cluster IP" -m tcp --dport 443 -j KUBE-MARK-MASQ
-A KUBE-SVC-NPX46M4PTMTKRN6Y -m comment --comment "default/kubernetes:https -> 192.168.20.100:6443" -j KUBE-SEP-U7HH75UFG3U5VGYY
-A KUBE-SVC-TCOU7JCQXEZGVUNU ! -s 10.244.0.0/16 -d 10.96.0.10/32 -p udp -m comment --comment "kube-system/kube-dns:dns cluster IP" -m udp --dport 53 -j KUBE-MARK-MASQ
-A KUBE-SVC-TCOU7JCQXEZGVUNU -m comment --comment "kube-system/kube-dns:dns -> 10.244.2.2:53" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-TCIZBYBD3WWXNWF5
-A KUBE-SVC-TCOU7JCQXEZGVUNU -m comment --comment "kube-system/kube-dns:dns -> 10.244.2.3:53" -j KUBE-SEP-ZHICQ2ODADGCY7DS`;

/** G8's addresses -> the default cluster's: the apiserver on master200, CoreDNS at 10.244.0.6 and .7. */
const ADDRESSES: [string, string][] = [
  ['192.168.20.100', '172.200.1.200'],
  ['10.244.2.2', '10.244.0.6'],
  ['10.244.2.3', '10.244.0.7'],
];

/** G8's endpoint chains: their names hash the endpoint address, so they follow it. */
const SEP_CHAINS: { name: string; servicePort: string; protocol: string; endpoint: string }[] = [
  { name: 'KUBE-SEP-CLAGU7VMF4VCXE4X', servicePort: 'kube-system/kube-dns:metrics', protocol: 'tcp', endpoint: '10.244.2.2:9153' },
  { name: 'KUBE-SEP-U7HH75UFG3U5VGYY', servicePort: 'default/kubernetes:https', protocol: 'tcp', endpoint: '192.168.20.100:6443' },
  { name: 'KUBE-SEP-TCIZBYBD3WWXNWF5', servicePort: 'kube-system/kube-dns:dns', protocol: 'udp', endpoint: '10.244.2.2:53' },
  { name: 'KUBE-SEP-ZHICQ2ODADGCY7DS', servicePort: 'kube-system/kube-dns:dns', protocol: 'udp', endpoint: '10.244.2.3:53' },
];

function mapAddress(text: string): string {
  let out = text;
  for (const [from, to] of ADDRESSES) out = out.split(from).join(to);
  return out;
}

describe('iptables-save -t nat on the control plane (reference §2.8 G8)', () => {
  const session = createSession();
  const saved = session.run('iptables-save -t nat');
  const lines = saved.stdout.split('\n');

  it('computes the G8 endpoint chain names from their addresses (the hash check behind the mapping)', () => {
    for (const sep of SEP_CHAINS) expect(servicePortEndpointChainName(sep.servicePort, sep.protocol, sep.endpoint)).toBe(sep.name);
  });

  it('prints every G8 rule, in G8 order, with only the addresses (and the endpoint chains named after them) changed', () => {
    expect(saved.exitCode).toBe(0);
    let expected = G8;
    for (const sep of SEP_CHAINS) expected = expected.split(sep.name).join(servicePortEndpointChainName(sep.servicePort, sep.protocol, mapAddress(sep.endpoint)));
    const want = mapAddress(expected).split('\n');
    const found = lines.filter((l) => want.includes(l));
    expect(found).toEqual(want);
  });

  it('declares the kubernetes and kube-dns chains by their real names', () => {
    for (const chain of ['KUBE-SVC-NPX46M4PTMTKRN6Y', 'KUBE-SVC-TCOU7JCQXEZGVUNU', 'KUBE-SVC-ERIFXISQEP7F7OF4', 'KUBE-SVC-JD5MR3NA4I4DYORP', 'KUBE-MARK-MASQ', 'KUBE-POSTROUTING', 'KUBE-NODEPORTS', 'KUBE-SERVICES']) {
      expect(lines).toContain(`:${chain} - [0:0]`);
    }
    expect(lines[1]).toBe('*nat');
    expect(lines.slice(2, 6)).toEqual([':PREROUTING ACCEPT [0:0]', ':INPUT ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ':POSTROUTING ACCEPT [0:0]']);
    // The nodeports jump stays the last rule of KUBE-SERVICES.
    const services = lines.filter((l) => l.startsWith('-A KUBE-SERVICES '));
    expect(services[services.length - 1]).toBe('-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS');
  });
});

const WEB = `apiVersion: v1
kind: Pod
metadata:
  name: web-1
  labels:
    app: web
spec:
  nodeName: node201
  containers:
  - name: app
    image: traefik/whoami
    ports:
    - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
`;

/** One `conntrack -L` line: `tcp      6 SECONDS STATE original reply [ASSURED] mark=0 use=1`. */
function entryLine(seconds: number, state: string, o: [string, string, number, number], r: [string, string, number, number]): string {
  const t = ([src, dst, sport, dport]: [string, string, number, number]) => `src=${src} dst=${dst} sport=${sport} dport=${dport}`;
  return `tcp      6 ${seconds} ${state} ${t(o)} ${t(r)} [ASSURED] mark=0 use=1`;
}

describe('conntrack -L after a host curls a ClusterIP', () => {
  it('shows the DNAT to the pod and the SNAT to flannel.1 in the reply tuple', () => {
    const session = createSession({ scenario: WEB });
    const ip = session.cluster.get('Service', 'default', 'web')!.spec.clusterIP!;
    const podIP = session.cluster.get('Pod', 'default', 'web-1')!.status!.podIP!;
    const curl = session.run(`curl -s ${ip}`);
    expect(curl.stdout).toContain('RemoteAddr: 10.244.0.0:');
    const t = curl.trace!;
    const sport = t.hops[0]!.packet.sport;
    const masqPort = Number(t.arrival!.src.split(':')[1]);
    const listed = session.run('conntrack -L');
    // curl closed the connection: TIME_WAIT (120 s), a console line (1 s) and a little later.
    expect(listed.stdout).toBe(`${entryLine(118, 'TIME_WAIT', ['172.200.1.200', ip, sport, 80], [podIP, '10.244.0.0', 80, masqPort])}\n`);
    expect(listed.stderr).toBe('conntrack v1.4.8 (conntrack-tools): 1 flow entries have been shown.\n');
    // The pod's node tracked the flow too, as it arrived (already translated).
    const remote = session.run('ssh node201 conntrack -L');
    expect(remote.stdout).toBe(`${entryLine(117, 'TIME_WAIT', ['10.244.0.0', podIP, masqPort, 80], [podIP, '10.244.0.0', 80, masqPort])}\n`);
  });

  it('masquerades a host -> kubernetes flow delivered to the apiserver on the same host (POSTROUTING through lo)', () => {
    const session = createSession();
    const curl = session.run('curl -s 10.96.0.1:443');
    expect(curl.stdout).toBe('Client sent an HTTP request to an HTTPS server.\n');
    const t = curl.trace!;
    const sport = t.hops[0]!.packet.sport;
    expect(t.arrival!.src.startsWith('172.200.1.200:')).toBe(true);
    const masqPort = Number(t.arrival!.src.split(':')[1]);
    const listed = session.run('conntrack -L');
    expect(listed.stdout).toBe(`${entryLine(118, 'TIME_WAIT', ['172.200.1.200', '10.96.0.1', sport, 443], ['172.200.1.200', '172.200.1.200', 6443, masqPort])}\n`);
  });
});
