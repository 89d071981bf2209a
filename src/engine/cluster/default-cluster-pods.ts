/**
 * The system pods of a kubeadm v1.33 cluster with flannel: the control plane's static pods
 * (mirror pods owned by their Node), kube-proxy and kube-flannel DaemonSet pods on every node,
 * and kubeadm's CoreDNS Deployment (cmd/kubeadm/app/phases/addons/dns/manifests.go).
 */
import type { DaemonSet, Deployment } from '../api/apps.ts';
import type { Container, Node, Pod, PodSpec, Service } from '../api/core.ts';
import type { OwnerReference } from '../api/meta.ts';
import type { ClusterSettings } from './types.ts';

export const COREDNS_IMAGE = 'registry.k8s.io/coredns/coredns:v1.12.0';
/** kubeadm v1.33's etcd. */
export const ETCD_IMAGE = 'registry.k8s.io/etcd:3.5.21-0';
export const FLANNEL_IMAGE = 'ghcr.io/flannel-io/flannel:v0.26.7';
export const FLANNEL_CNI_PLUGIN_IMAGE = 'ghcr.io/flannel-io/flannel-cni-plugin:v1.6.2-flannel1';

const CRITICAL_NODE = { priorityClassName: 'system-node-critical', priority: 2000001000 };

function pod(namespace: string, name: string, labels: Record<string, string>, spec: PodSpec, extra: Partial<Pod['metadata']> = {}): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, labels, ...extra }, spec };
}

function container(name: string, image: string, command: string[], extra: Partial<Container> = {}): Container {
  return { name, image, imagePullPolicy: 'IfNotPresent', command, ...extra };
}

/** etcd, kube-apiserver, kube-controller-manager and kube-scheduler on a control-plane node. */
export function staticPods(node: Node, ip: string, settings: ClusterSettings): Pod[] {
  const n = node.metadata.name;
  const v = settings.kubernetesVersion;
  const owner: OwnerReference[] = [{ apiVersion: 'v1', kind: 'Node', name: n, uid: node.metadata.uid ?? '', controller: true }];
  const base = (component: string, image: string, command: string[], annotations: Record<string, string>): Pod =>
    pod('kube-system', `${component}-${n}`, { component, tier: 'control-plane' }, {
      containers: [container(component, image, command, { resources: { requests: { cpu: component === 'kube-apiserver' ? '250m' : component === 'etcd' ? '100m' : component === 'kube-scheduler' ? '100m' : '200m' } } })],
      hostNetwork: true,
      nodeName: n,
      ...CRITICAL_NODE,
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      tolerations: [{ effect: 'NoExecute', operator: 'Exists' }],
    }, { annotations: { ...annotations, 'kubernetes.io/config.source': 'file' }, ownerReferences: owner });
  return [
    base('etcd', ETCD_IMAGE, ['etcd', `--advertise-client-urls=https://${ip}:2379`, '--data-dir=/var/lib/etcd', `--listen-client-urls=https://127.0.0.1:2379,https://${ip}:2379`, `--name=${n}`], {
      'kubeadm.kubernetes.io/etcd.advertise-client-urls': `https://${ip}:2379`,
    }),
    base('kube-apiserver', `registry.k8s.io/kube-apiserver:${v}`, [
      'kube-apiserver',
      `--advertise-address=${ip}`,
      '--allow-privileged=true',
      '--authorization-mode=Node,RBAC',
      '--enable-admission-plugins=NodeRestriction',
      '--etcd-servers=https://127.0.0.1:2379',
      '--secure-port=6443',
      `--service-cluster-ip-range=${settings.serviceSubnet}`,
      `--service-node-port-range=${settings.nodePortRange.base}-${settings.nodePortRange.base + settings.nodePortRange.size - 1}`,
    ], { 'kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint': `${ip}:6443` }),
    base('kube-controller-manager', `registry.k8s.io/kube-controller-manager:${v}`, [
      'kube-controller-manager',
      '--allocate-node-cidrs=true',
      `--cluster-cidr=${settings.podSubnet}`,
      '--cluster-name=kubernetes',
      '--controllers=*,bootstrapsigner,tokencleaner',
      `--service-cluster-ip-range=${settings.serviceSubnet}`,
      '--use-service-account-credentials=true',
    ], {}),
    base('kube-scheduler', `registry.k8s.io/kube-scheduler:${v}`, ['kube-scheduler', '--bind-address=127.0.0.1', '--kubeconfig=/etc/kubernetes/scheduler.conf', '--leader-elect=true'], {}),
  ];
}

/** A DaemonSet's pod on one node, as the DaemonSet controller made it. */
function daemonPod(namespace: string, ds: string, dsUid: string, name: string, labels: Record<string, string>, spec: PodSpec): Pod {
  return pod(namespace, name, labels, spec, {
    generateName: `${ds}-`,
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: ds, uid: dsUid, controller: true, blockOwnerDeletion: true }],
  });
}

export function kubeProxyPod(nodeName: string, name: string, dsUid: string, revisionHash: string, settings: ClusterSettings): Pod {
  return daemonPod('kube-system', 'kube-proxy', dsUid, name, { 'controller-revision-hash': revisionHash, 'k8s-app': 'kube-proxy', 'pod-template-generation': '1' }, {
    containers: [
      container('kube-proxy', `registry.k8s.io/kube-proxy:${settings.kubernetesVersion}`, ['/usr/local/bin/kube-proxy', '--config=/var/lib/kube-proxy/config.conf', '--hostname-override=$(NODE_NAME)'], {
        env: [{ name: 'NODE_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } }],
        securityContext: { privileged: true },
        // The configuration file kube-proxy reads is the kube-proxy ConfigMap, mounted here.
        volumeMounts: [
          { mountPath: '/var/lib/kube-proxy', name: 'kube-proxy' },
          { mountPath: '/run/xtables.lock', name: 'xtables-lock' },
          { mountPath: '/lib/modules', name: 'lib-modules', readOnly: true },
        ],
      }),
    ],
    hostNetwork: true,
    nodeName,
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    ...CRITICAL_NODE,
    serviceAccountName: 'kube-proxy',
    tolerations: [{ operator: 'Exists' }],
    // As stored: the API server's defaults (defaultMode 420, an unset hostPath type as "").
    volumes: [
      { name: 'kube-proxy', configMap: { name: 'kube-proxy', defaultMode: 420 } },
      { name: 'xtables-lock', hostPath: { path: '/run/xtables.lock', type: 'FileOrCreate' } },
      { name: 'lib-modules', hostPath: { path: '/lib/modules', type: '' } },
    ],
  });
}

export function flannelPod(nodeName: string, name: string, dsUid: string, revisionHash: string): Pod {
  return daemonPod('kube-flannel', 'kube-flannel-ds', dsUid, name, { app: 'flannel', 'controller-revision-hash': revisionHash, 'pod-template-generation': '1', tier: 'node' }, {
    initContainers: [
      container('install-cni-plugin', FLANNEL_CNI_PLUGIN_IMAGE, ['cp'], { args: ['-f', '/flannel', '/opt/cni/bin/flannel'] }),
      container('install-cni', FLANNEL_IMAGE, ['cp'], { args: ['-f', '/etc/kube-flannel/cni-conf.json', '/etc/cni/net.d/10-flannel.conflist'] }),
    ],
    containers: [
      container('kube-flannel', FLANNEL_IMAGE, ['/opt/bin/flanneld'], {
        args: ['--ip-masq', '--kube-subnet-mgr'],
        resources: { requests: { cpu: '100m', memory: '50Mi' } },
        securityContext: { capabilities: { add: ['NET_ADMIN', 'NET_RAW'] }, privileged: false },
      }),
    ],
    hostNetwork: true,
    nodeName,
    priorityClassName: 'system-node-critical',
    priority: 2000001000,
    serviceAccountName: 'flannel',
    tolerations: [{ effect: 'NoSchedule', operator: 'Exists' }],
  });
}

/**
 * A DaemonSet whose template is the pod spec its pods were made from, less what the
 * controller and admission add (nodeName, the priority resolved from priorityClassName).
 */
function daemonSet(namespace: string, name: string, labels: Record<string, string>, matchLabels: Record<string, string>, templateLabels: Record<string, string>, pod: Pod): DaemonSet {
  const spec = { ...pod.spec };
  delete spec.nodeName;
  delete spec.priority;
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace, labels },
    spec: { selector: { matchLabels }, template: { metadata: { labels: templateLabels }, spec }, updateStrategy: { type: 'RollingUpdate' } },
  };
}

/**
 * kubeadm's kube-proxy DaemonSet (cmd/kubeadm/app/phases/addons/proxy/manifests.go
 * KubeProxyDaemonSet19), with its ConfigMap and host-path volumes.
 */
export function kubeProxyDaemonSet(settings: ClusterSettings): DaemonSet {
  const labels = { 'k8s-app': 'kube-proxy' };
  return daemonSet('kube-system', 'kube-proxy', labels, labels, labels, kubeProxyPod('', '', '', '', settings));
}

/**
 * flannel's kube-flannel-ds (Documentation/kube-flannel.yml, v0.26.7). Its nodeAffinity, env and
 * volumes are not modelled: the pods carry none.
 */
export function flannelDaemonSet(): DaemonSet {
  const ds = daemonSet('kube-flannel', 'kube-flannel-ds', { app: 'flannel', 'k8s-app': 'flannel', tier: 'node' }, { app: 'flannel' }, { app: 'flannel', tier: 'node' }, flannelPod('', '', '', ''));
  delete ds.spec.updateStrategy;
  return ds;
}

/** kubeadm's CoreDNS Deployment, as its manifest template renders for v1.33. */
export function corednsDeployment(replicas: number, image = COREDNS_IMAGE): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'coredns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } },
    spec: {
      replicas,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
      selector: { matchLabels: { 'k8s-app': 'kube-dns' } },
      template: {
        metadata: { labels: { 'k8s-app': 'kube-dns' } },
        spec: {
          priorityClassName: 'system-cluster-critical',
          serviceAccountName: 'coredns',
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                { weight: 100, podAffinityTerm: { labelSelector: { matchExpressions: [{ key: 'k8s-app', operator: 'In', values: ['kube-dns'] }] }, topologyKey: 'kubernetes.io/hostname' } },
              ],
            },
          },
          tolerations: [
            { key: 'CriticalAddonsOnly', operator: 'Exists' },
            { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
          ],
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          containers: [
            {
              name: 'coredns',
              image,
              imagePullPolicy: 'IfNotPresent',
              resources: { limits: { memory: '170Mi' }, requests: { cpu: '100m', memory: '70Mi' } },
              args: ['-conf', '/etc/coredns/Corefile'],
              volumeMounts: [{ name: 'config-volume', mountPath: '/etc/coredns', readOnly: true }],
              ports: [
                { containerPort: 53, name: 'dns', protocol: 'UDP' },
                { containerPort: 53, name: 'dns-tcp', protocol: 'TCP' },
                { containerPort: 9153, name: 'metrics', protocol: 'TCP' },
                { containerPort: 8080, name: 'liveness-probe', protocol: 'TCP' },
                { containerPort: 8181, name: 'readiness-probe', protocol: 'TCP' },
              ],
              livenessProbe: { httpGet: { path: '/health', port: 'liveness-probe', scheme: 'HTTP' }, initialDelaySeconds: 60, timeoutSeconds: 5, successThreshold: 1, failureThreshold: 5 },
              readinessProbe: { httpGet: { path: '/ready', port: 'readiness-probe', scheme: 'HTTP' } },
              securityContext: { allowPrivilegeEscalation: false, capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] }, readOnlyRootFilesystem: true },
            },
          ],
          dnsPolicy: 'Default',
          volumes: [{ name: 'config-volume', configMap: { name: 'coredns', items: [{ key: 'Corefile', path: 'Corefile' }] } }],
        },
      },
    },
  };
}

/** kubeadm's kube-dns Service at the tenth address of the service range. */
export function kubeDnsService(clusterIP: string): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'kube-dns',
      namespace: 'kube-system',
      labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
      annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' },
    },
    spec: {
      clusterIP,
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
      ],
      selector: { 'k8s-app': 'kube-dns' },
    },
  };
}

/** The `kubernetes` Service the apiserver keeps at the first address of the range. */
export function kubernetesService(clusterIP: string): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: { clusterIP, ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }], sessionAffinity: 'None', type: 'ClusterIP' },
  };
}
