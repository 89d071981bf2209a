/**
 * The embedded default cluster, as seed 001's tutorial shows it: a kubeadm v1.33 cluster with
 * flannel, control plane `master200` (172.200.1.200) and workers `node201`..`node203`, CoreDNS at
 * the tenth service address with two pods on the control plane (10.244.0.6 and .7), kube-proxy
 * and flannel DaemonSets with a pod on every node. It was built a few days before the session's clock starts, so AGE
 * reads like a real cluster's; its events have expired (the apiserver keeps events an hour).
 *
 * `base: empty` starts from what any apiserver makes by itself: the namespaces default,
 * kube-system, kube-public and kube-node-lease and the `kubernetes` Service. CoreDNS is a kubeadm
 * add-on, so an empty cluster has none (no kube-dns, no DNS answers) until the scenario adds it.
 */
import type { Node, Pod } from '../api/core.ts';
import type { KubeObject } from '../api/objects.ts';
import { apiserverEndpoints, CONTROL_PLANE_LABEL } from './apiserver-endpoints.ts';
import { Cluster } from './cluster.ts';
import { configMap, corefile, FLANNEL_CNI_CONF, flannelNetConf, kubeadmClusterConfiguration, kubeProxyConfigConf, kubeProxyKubeconfig, rootCaPem } from './default-cluster-config.ts';
import { corednsDeployment, flannelDaemonSet, flannelPod, kubeDnsService, kubeProxyDaemonSet, kubeProxyPod, kubernetesService, staticPods } from './default-cluster-pods.ts';
import { daemonSetRevisionHash } from './daemonset-pods.ts';
import { formatIPv4, parseCidr } from './ipv4.ts';
import { newUid } from './object-meta.ts';
import { computeHash } from './pod-template-hash.ts';
import { LAST_RESERVED_IP_ANNOTATION, nodeInternalIP } from './pod-network.ts';
import type { ClusterSettings } from './types.ts';
import { kubeletNodeLabels, kubeletNodeStatus, withKubeletStatus } from './node-status.ts';

export interface ClusterBootstrap {
  settings: ClusterSettings;
  seed: number;
  /** The session's clock start, milliseconds since the Unix epoch. */
  now: number;
  /** `default` (the embedded cluster) unless the scenario says `empty`. */
  base?: 'default' | 'empty';
  /** Nodes written in the scenario: they replace the default nodes. */
  nodes?: readonly Node[];
}

/** How long before the session the default cluster was built: 3d15h, as in seed 001's listings. */
export const CLUSTER_AGE_MS = (3 * 24 + 15) * 3600 * 1000;

/** Where host-local had got to on each default node, so seed 001's pods get 10.244.1.11, .2.10, .3.4. */
const DEFAULT_NODES = [
  { name: 'master200', ip: '172.200.1.200', lastReserved: 7, controlPlane: true },
  { name: 'node201', ip: '172.200.1.201', lastReserved: 10, controlPlane: false },
  { name: 'node202', ip: '172.200.1.202', lastReserved: 9, controlPlane: false },
  { name: 'node203', ip: '172.200.1.203', lastReserved: 3, controlPlane: false },
];

/** The i-th /24 of the pod subnet (kube-controller-manager's node CIDR allocator, --node-cidr-mask-size 24). */
function nodeCidr(podSubnet: string, i: number): { cidr: string; base: number } {
  const net = parseCidr(podSubnet) ?? parseCidr('10.244.0.0/16')!;
  const base = net.base + i * 256;
  return { cidr: `${formatIPv4(base)}/24`, base };
}

function vtepMac(seedText: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < seedText.length; i++) h = Math.imul(h ^ seedText.charCodeAt(i), 0x01000193) >>> 0;
  const bytes = [0x0a, (h >>> 24) & 255, (h >>> 16) & 255, (h >>> 8) & 255, h & 255, (h * 7) & 255];
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}

export function defaultNodes(settings: ClusterSettings, created: string, joined: string): Node[] {
  return DEFAULT_NODES.map((d, i) => {
    const { cidr, base } = nodeCidr(settings.podSubnet, i);
    const labels = kubeletNodeLabels(d.name);
    if (d.controlPlane) {
      labels[CONTROL_PLANE_LABEL] = '';
      labels['node.kubernetes.io/exclude-from-external-load-balancers'] = '';
    }
    return {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: d.name,
        creationTimestamp: d.controlPlane ? created : joined,
        labels,
        annotations: {
          'flannel.alpha.coreos.com/backend-data': `{"VNI":1,"VtepMAC":"${vtepMac(d.name)}"}`,
          'flannel.alpha.coreos.com/backend-type': 'vxlan',
          'flannel.alpha.coreos.com/kube-subnet-manager': 'true',
          'flannel.alpha.coreos.com/public-ip': d.ip,
          'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///var/run/containerd/containerd.sock',
          'node.alpha.kubernetes.io/ttl': '0',
          [LAST_RESERVED_IP_ANNOTATION]: formatIPv4(base + d.lastReserved),
          'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
        },
      },
      spec: {
        podCIDR: cidr,
        podCIDRs: [cidr],
        ...(d.controlPlane ? { taints: [{ key: CONTROL_PLANE_LABEL, effect: 'NoSchedule' as const }] } : {}),
      },
      status: kubeletNodeStatus(d.name, d.ip, settings, true, d.controlPlane ? created : joined),
    };
  });
}

/**
 * kube-controller-manager's node IPAM (--allocate-node-cidrs, range allocator, mask /24): a
 * Node without spec.podCIDR gets the next free /24 of the pod subnet, in the order nodes come.
 */
function withPodCidrs(nodes: readonly Node[], podSubnet: string): Node[] {
  const net = parseCidr(podSubnet);
  if (!net || net.prefix > 24) return [...nodes];
  const used = new Set(nodes.map((n) => n.spec?.podCIDR).filter((c): c is string => !!c));
  let next = 0;
  return nodes.map((n) => {
    if (n.spec?.podCIDR) return n;
    let cidr: string;
    do cidr = `${formatIPv4(net.base + next++ * 256)}/24`;
    while (used.has(cidr) && next * 256 < net.size);
    used.add(cidr);
    return { ...n, spec: { ...(n.spec ?? {}), podCIDR: cidr, podCIDRs: [cidr] } };
  });
}

/** A cluster ready for the scenario's own objects. */
export function createCluster(opts: ClusterBootstrap): Cluster {
  const built = opts.now - CLUSTER_AGE_MS;
  const cluster = new Cluster({ settings: opts.settings, seed: opts.seed, now: built });
  const t0 = cluster.nowIso();
  const must = (obj: KubeObject) => {
    const r = cluster.create(obj);
    if (!r.ok) throw new Error(`svcsim: the default cluster could not be built: ${r.error.message}`);
    return r.object;
  };
  const s = opts.settings;
  const ipAt = (i: number) => {
    const cidr = parseCidr(s.serviceSubnet) ?? parseCidr('10.96.0.0/12')!;
    return formatIPv4(cidr.base + i);
  };
  cluster.batch(() => {
    const namespaces = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];
    if (opts.base !== 'empty') namespaces.push('kube-flannel');
    for (const name of namespaces) {
      const labels = name === 'kube-flannel' ? { 'k8s-app': 'flannel', 'pod-security.kubernetes.io/enforce': 'privileged' } : undefined;
      must({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, creationTimestamp: t0, ...(labels ? { labels } : {}) } });
    }
    must({ ...kubernetesService(ipAt(1)), metadata: { ...kubernetesService('').metadata, creationTimestamp: t0 } });
    const joined = new Date(built + 5 * 60 * 1000).toISOString().replace('.000Z', 'Z');
    const flannel = opts.base !== 'empty';
    const nodes = opts.nodes?.length
      ? withPodCidrs(opts.nodes, s.podSubnet).map((n) => {
          const created = n.metadata.labels?.[CONTROL_PLANE_LABEL] !== undefined ? t0 : joined;
          return withKubeletStatus({ ...n, metadata: { creationTimestamp: created, ...n.metadata } }, s, flannel);
        })
      : opts.base === 'empty'
        ? []
        : defaultNodes(s, t0, joined);
    const stored = nodes.map((n) => must(n) as Node);
    if (opts.base === 'empty') return;
    addSystemObjects(cluster, must, stored, s, t0, !opts.nodes?.length, ipAt(10));
  });
  apiserverEndpoints(cluster);
  cluster.tick((opts.now - built) / 1000);
  // Events live an hour in a real cluster: the default cluster's are long gone.
  cluster.eventLog.clear();
  return cluster;
}

function addSystemObjects(cluster: Cluster, must: (o: KubeObject) => KubeObject, nodes: Node[], s: ClusterSettings, t0: string, defaultNodesUsed: boolean, dnsIP: string): void {
  const controlPlanes = nodes.filter((n) => n.metadata.labels?.[CONTROL_PLANE_LABEL] !== undefined);
  const apiserverIP = (controlPlanes[0] && nodeInternalIP(controlPlanes[0])) ?? '127.0.0.1';
  const caBody = Array.from({ length: 1100 }, () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'[cluster.rand.int(64)]).join('');
  for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system', 'kube-flannel']) {
    must(configMap(ns, 'kube-root-ca.crt', { 'ca.crt': rootCaPem(caBody) }, { creationTimestamp: t0, annotations: { 'kubernetes.io/description': "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters." } }));
  }
  must(configMap('kube-system', 'coredns', { Corefile: corefile(s.dnsDomain) }, { creationTimestamp: t0 }));
  must(configMap('kube-system', 'kube-proxy', { 'config.conf': kubeProxyConfigConf(s), 'kubeconfig.conf': kubeProxyKubeconfig(apiserverIP) }, { creationTimestamp: t0, labels: { app: 'kube-proxy' } }));
  must(configMap('kube-system', 'kubeadm-config', { ClusterConfiguration: kubeadmClusterConfiguration(s) }, { creationTimestamp: t0 }));
  must(configMap('kube-flannel', 'kube-flannel-cfg', { 'cni-conf.json': FLANNEL_CNI_CONF, 'net-conf.json': flannelNetConf(s.podSubnet) }, { creationTimestamp: t0, labels: { app: 'flannel', 'k8s-app': 'flannel', tier: 'node' } }));
  const dns = kubeDnsService(dnsIP);
  must({ ...dns, metadata: { ...dns.metadata, creationTimestamp: t0 } });

  const withTime = (p: Pod): Pod => ({ ...p, metadata: { ...p.metadata, creationTimestamp: t0 } });
  for (const cp of controlPlanes) for (const p of staticPods(cp, nodeInternalIP(cp) ?? apiserverIP, s)) must(withTime(p));
  const proxyUid = newUid(cluster.rand);
  const flannelUid = newUid(cluster.rand);
  // The DaemonSets keep the uids drawn for them before they were objects, so every draw after stays put.
  const proxyDs = kubeProxyDaemonSet(s);
  const flannelDs = flannelDaemonSet();
  const proxyStored = must({ ...proxyDs, metadata: { ...proxyDs.metadata, uid: proxyUid, creationTimestamp: t0 } });
  const flannelStored = must({ ...flannelDs, metadata: { ...flannelDs.metadata, uid: flannelUid, creationTimestamp: t0 } });
  const proxyHash = proxyStored.kind === 'DaemonSet' ? daemonSetRevisionHash(proxyStored) : '';
  const flannelHash = flannelStored.kind === 'DaemonSet' ? daemonSetRevisionHash(flannelStored) : '';
  for (const n of nodes) {
    const created = n.metadata.creationTimestamp ?? t0;
    const p = kubeProxyPod(n.metadata.name, '', proxyUid, proxyHash, s);
    must({ ...p, metadata: { ...p.metadata, creationTimestamp: created } });
    const f = flannelPod(n.metadata.name, '', flannelUid, flannelHash);
    must({ ...f, metadata: { ...f.metadata, creationTimestamp: created } });
  }

  // CoreDNS: the Deployment, its ReplicaSet and two pods on the control plane, written as a
  // real cluster holds them so that the controllers adopt rather than recreate them.
  const deploy = corednsDeployment(2, s.corednsImage);
  const d = must({ ...deploy, metadata: { ...deploy.metadata, creationTimestamp: t0 } });
  if (d.kind !== 'Deployment') return;
  const hash = computeHash(d.spec.template);
  const labels = { ...(d.spec.template.metadata?.labels ?? {}), 'pod-template-hash': hash };
  const rs = must({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `coredns-${hash}`,
      namespace: 'kube-system',
      creationTimestamp: t0,
      labels,
      annotations: { 'deployment.kubernetes.io/desired-replicas': '2', 'deployment.kubernetes.io/max-replicas': '3', 'deployment.kubernetes.io/revision': '1' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'coredns', uid: d.metadata.uid!, controller: true, blockOwnerDeletion: true }],
    },
    spec: { replicas: 2, selector: { matchLabels: { ...(d.spec.selector.matchLabels ?? {}), 'pod-template-hash': hash } }, template: { ...d.spec.template, metadata: { ...d.spec.template.metadata, labels } } },
  });
  const home = controlPlanes[0]?.metadata.name;
  const cidr = home ? parseCidr(controlPlanes[0].spec.podCIDR ?? '') : undefined;
  for (let i = 0; i < 2; i++) {
    const pod: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: '',
        generateName: `coredns-${hash}-`,
        namespace: 'kube-system',
        creationTimestamp: t0,
        labels,
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name, uid: rs.metadata.uid!, controller: true, blockOwnerDeletion: true }],
      },
      spec: { ...d.spec.template.spec, ...(home ? { nodeName: home } : {}) },
    };
    // On the default nodes CoreDNS holds 10.244.0.6 and .7, as in seed 001's ipvsadm listing.
    if (defaultNodesUsed && cidr) pod.status = { podIP: formatIPv4(cidr.base + 6 + i) };
    must(pod);
  }
}
