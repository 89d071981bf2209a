/**
 * `svcsim trace --from SOURCE --to DEST`: where a request starts and where it goes, in the
 * words a user has: `client` (or a scenario client's name), a node name, `pod/NAME` or
 * `NAMESPACE/POD`, `deploy/NAME` (its first running pod); `IP[:PORT]` or `svc/NAME[:PORT]`
 * (its ClusterIP and first port, or the named port).
 */
import type { L4Protocol } from '../net/packet.ts';
import { parseIPv4 } from '../net/ipv4.ts';
import type { Place, ShellContext } from './context.ts';
import type { At, TraceSource } from '../dataplane/index.ts';
import { lookupRouteIn } from '../net/node-network.ts';
import { nodePlace } from './places.ts';

export function placeFor(ctx: Pick<ShellContext, 'cluster' | 'clients'>, from: string, namespace: string): Place | { error: string } {
  const client = ctx.clients.find((c) => c.name === from || c.ip === from);
  if (client) return { kind: 'client', client };
  const node = nodePlace(ctx.cluster, from);
  if (node) return node;
  let ns = namespace;
  let name = from;
  const slash = from.indexOf('/');
  if (slash >= 0) {
    const kind = from.slice(0, slash);
    name = from.slice(slash + 1);
    if (kind === 'deploy' || kind === 'deployment' || kind === 'deployments') {
      const d = ctx.cluster.get('Deployment', ns, name);
      if (!d) return { error: `deployments.apps "${name}" not found` };
      const labels = d.spec.selector.matchLabels ?? {};
      const pod = ctx.cluster
        .list('Pod', ns)
        .find((p) => p.status?.phase === 'Running' && Object.entries(labels).every(([k, v]) => p.metadata.labels?.[k] === v));
      if (!pod?.spec.nodeName) return { error: `deployment ${name} has no running pod` };
      return { kind: 'pod', namespace: ns, name: pod.metadata.name, node: pod.spec.nodeName };
    }
    if (kind !== 'pod' && kind !== 'pods' && kind !== 'po') ns = kind;
  }
  const pod = ctx.cluster.get('Pod', ns, name);
  if (!pod) return { error: `no node, client or pod named "${from}"` };
  if (!pod.spec.nodeName || pod.status?.phase !== 'Running') return { error: `pod ${ns}/${name} is not running` };
  return { kind: 'pod', namespace: ns, name, node: pod.spec.nodeName };
}

export function destinationFor(
  ctx: Pick<ShellContext, 'cluster'>,
  to: string,
  namespace: string,
  proto: L4Protocol,
): { ip: string; port: number } | { error: string } {
  const svcForm = /^(?:svc|service|services)\/([^:]+)(?::(.+))?$/.exec(to);
  if (svcForm) {
    const [name, ns] = svcForm[1].includes('.') ? svcForm[1].split('.') : [svcForm[1], namespace];
    const svc = ctx.cluster.get('Service', ns, name);
    if (!svc) return { error: `services "${name}" not found` };
    const ip = svc.spec.clusterIP;
    if (!ip || ip === 'None') return { error: `service ${ns}/${name} has no ClusterIP (headless or ExternalName): trace to a pod IP instead` };
    const ports = (svc.spec.ports ?? []).filter((p) => (p.protocol ?? 'TCP').toLowerCase() === proto);
    const wanted = svcForm[2];
    const port = wanted ? ports.find((p) => p.name === wanted || String(p.port) === wanted) : ports[0];
    if (!port) return { error: `service ${ns}/${name} has no ${proto.toUpperCase()} port${wanted ? ` ${wanted}` : ''}` };
    return { ip, port: port.port };
  }
  const m = /^([^:]+)(?::(\d+))?$/.exec(to);
  if (!m || parseIPv4(m[1]) === undefined) return { error: `"${to}" is neither IP[:PORT] nor svc/NAME[:PORT]` };
  const port = m[2] === undefined ? 80 : Number(m[2]);
  if (port < 1 || port > 65535) return { error: `port ${port} is out of range (1-65535)` };
  return { ip: m[1], port };
}

/** Who sends from a place, and from which address (a host process takes its route's source address). */
export function sourceOf(ctx: Pick<ShellContext, 'cluster' | 'dataplane'>, p: Place, dst: string): { source: TraceSource; at: At } | undefined {
  if (p.kind === 'client') return { source: { kind: 'client', name: p.client.name, ip: p.client.ip, host: p.client.name }, at: { kind: 'client', client: p.client } };
  if (p.kind === 'pod') {
    const pod = ctx.cluster.get('Pod', p.namespace, p.name);
    const podIP = pod?.status?.podIP;
    if (!podIP) return undefined;
    // To its own loopback the kernel sends from 127.0.0.1 (the route through lo has that source).
    const ip = dst.startsWith('127.') ? '127.0.0.1' : podIP;
    return { source: { kind: 'pod', name: `${p.namespace}/${p.name}`, ip, host: p.node }, at: { kind: 'pod', key: `${p.namespace}/${p.name}`, node: p.node } };
  }
  // A host process's source address is the one its route picks.
  const node = ctx.dataplane.node(p.node);
  const route = node ? lookupRouteIn(node, dst) : undefined;
  const ip = route?.src ?? node?.internalIP;
  if (!ip) return undefined;
  return { source: { kind: 'node', name: p.node, ip, host: p.node }, at: { kind: 'node', node: p.node } };
}

