/**
 * The Service environment variables the kubelet gives a container (kubernetes
 * pkg/kubelet/kubelet_pods.go getServiceEnvVarMap, pkg/kubelet/envvars/envvars.go FromServices).
 * Facts: which Services (ClusterIP set, the pod's namespace when enableServiceLinks is not false,
 * plus `kubernetes` from default always; a same-named Service in the pod's namespace wins), the
 * names and values, and that explicit env wins. Not a fact: order. The kubelet goes through Go
 * maps, so a real container sees these in random order; svcsim keeps FromServices order with
 * Services sorted by name.
 */
import type { Pod, Service } from '../api/core.ts';

/** Services whose variables the pod gets, given the Services that existed when its container started. */
export function servicesForPod(services: readonly Service[], pod: Pod): Service[] {
  const ns = pod.metadata.namespace ?? 'default';
  const links = pod.spec.enableServiceLinks !== false;
  const byName = new Map<string, Service>();
  for (const svc of services) {
    if (!isServiceIPSet(svc)) continue;
    const name = svc.metadata.name;
    if ((svc.metadata.namespace ?? 'default') === 'default' && name === 'kubernetes') {
      if (!byName.has(name)) byName.set(name, svc);
    } else if ((svc.metadata.namespace ?? 'default') === ns && links) byName.set(name, svc);
  }
  return [...byName.values()].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
}

/** v1helper.IsServiceIPSet: a ClusterIP that is neither empty nor None. */
function isServiceIPSet(svc: Service): boolean {
  const ip = svc.spec.clusterIP ?? '';
  return ip !== '' && ip !== 'None';
}

const envName = (s: string) => s.toUpperCase().replaceAll('-', '_');

/** envvars.FromServices: the variables for each Service, in order. */
export function fromServices(services: readonly Service[]): [string, string][] {
  const out: [string, string][] = [];
  for (const svc of services) {
    if (!isServiceIPSet(svc)) continue;
    const ports = svc.spec.ports ?? [];
    const name = envName(svc.metadata.name);
    const ip = svc.spec.clusterIP ?? '';
    out.push([`${name}_SERVICE_HOST`, ip]);
    if (ports.length) out.push([`${name}_SERVICE_PORT`, String(ports[0].port)]);
    for (const p of ports) if (p.name) out.push([`${name}_SERVICE_PORT_${envName(p.name)}`, String(p.port)]);
    out.push(...linkVars(name, ip, ports));
  }
  return out;
}

/** makeLinkVariables: Docker-link style variables, the first port also as `<NAME>_PORT`. */
function linkVars(name: string, ip: string, ports: readonly { port: number; protocol?: string }[]): [string, string][] {
  const out: [string, string][] = [];
  const host = ip.includes(':') ? `[${ip}]` : ip;
  ports.forEach((p, i) => {
    const proto = (p.protocol ?? 'TCP').toLowerCase();
    const prefix = `${name}_PORT_${p.port}_${proto.toUpperCase()}`;
    const url = `${proto}://${host}:${p.port}`;
    if (i === 0) out.push([`${name}_PORT`, url]);
    out.push([prefix, url], [`${prefix}_PROTO`, proto], [`${prefix}_PORT`, String(p.port)], [`${prefix}_ADDR`, ip]);
  });
  return out;
}

/**
 * The Service variables a container of `pod` gets. `services`: the Services as the kubelet saw
 * them when the container started (the caller filters by creation time, see servicesAt).
 */
export function serviceEnv(services: readonly Service[], pod: Pod): [string, string][] {
  return fromServices(servicesForPod(services, pod));
}

/** Services that existed at `startedAt` (RFC 3339): created at or before it. */
export function servicesAt(services: readonly Service[], startedAt: string | undefined): Service[] {
  if (!startedAt) return [...services];
  const t = Date.parse(startedAt);
  return services.filter((s) => !s.metadata.creationTimestamp || Date.parse(s.metadata.creationTimestamp) <= t);
}
