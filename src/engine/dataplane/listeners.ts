/**
 * Who accepts a connection: a pod on its declared containerPorts (or, with none declared, on
 * any port: cluster/pod-ports.ts, which the kubelet's probes read too), and on a node its host
 * daemons and hostNetwork pods' ports.
 */
import type { Pod } from '../api/core.ts';
import type { L4Protocol } from '../net/packet.ts';

export { podListens } from '../cluster/pod-ports.ts';

/** A daemon on a node, what it binds and how it answers plain HTTP. */
export interface HostSocket {
  port: number;
  proto: L4Protocol;
  /** Bound to loopback only. */
  loopbackOnly: boolean;
  who: string;
  /** The daemons serving HTTPS answer a plain-HTTP request with Go's TLS server message. */
  tls: boolean;
  controlPlaneOnly: boolean;
}

/** kubeadm's node daemons and their default ports (kubeadm constants, kube-proxy's defaults). */
export const HOST_SOCKETS: readonly HostSocket[] = [
  { port: 22, proto: 'tcp', loopbackOnly: false, who: 'sshd', tls: false, controlPlaneOnly: false },
  { port: 10250, proto: 'tcp', loopbackOnly: false, who: 'kubelet', tls: true, controlPlaneOnly: false },
  { port: 10248, proto: 'tcp', loopbackOnly: true, who: 'kubelet healthz', tls: false, controlPlaneOnly: false },
  { port: 10249, proto: 'tcp', loopbackOnly: true, who: 'kube-proxy metrics', tls: false, controlPlaneOnly: false },
  { port: 10256, proto: 'tcp', loopbackOnly: false, who: 'kube-proxy healthz', tls: false, controlPlaneOnly: false },
  { port: 6443, proto: 'tcp', loopbackOnly: false, who: 'kube-apiserver', tls: true, controlPlaneOnly: true },
  { port: 2379, proto: 'tcp', loopbackOnly: false, who: 'etcd', tls: true, controlPlaneOnly: true },
  { port: 2380, proto: 'tcp', loopbackOnly: false, who: 'etcd peer', tls: true, controlPlaneOnly: true },
  { port: 10257, proto: 'tcp', loopbackOnly: true, who: 'kube-controller-manager', tls: true, controlPlaneOnly: true },
  { port: 10259, proto: 'tcp', loopbackOnly: true, who: 'kube-scheduler', tls: true, controlPlaneOnly: true },
];

export function hostSocket(opts: { port: number; proto: L4Protocol; dst: string; controlPlane: boolean; hostPods: readonly Pod[]; healthCheckNodePorts: ReadonlySet<number> }): HostSocket | undefined {
  const loopback = opts.dst.startsWith('127.');
  const known = HOST_SOCKETS.find(
    (s) => s.port === opts.port && s.proto === opts.proto && (!s.controlPlaneOnly || opts.controlPlane) && (!s.loopbackOnly || loopback),
  );
  if (known) return known;
  // kube-proxy serves each LoadBalancer Service's healthCheckNodePort on every node address.
  if (opts.proto === 'tcp' && opts.healthCheckNodePorts.has(opts.port)) {
    return { port: opts.port, proto: 'tcp', loopbackOnly: false, who: 'kube-proxy health check', tls: false, controlPlaneOnly: false };
  }
  for (const pod of opts.hostPods) {
    for (const c of pod.spec.containers) {
      for (const p of c.ports ?? []) {
        if (p.containerPort === opts.port && (p.protocol ?? 'TCP').toLowerCase() === opts.proto) {
          return { port: opts.port, proto: opts.proto, loopbackOnly: false, who: `${pod.metadata.namespace}/${pod.metadata.name}`, tls: false, controlPlaneOnly: false };
        }
      }
    }
  }
  return undefined;
}
