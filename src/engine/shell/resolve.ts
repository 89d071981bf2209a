/**
 * Names a pod's resolver finds before any DNS packet exists in svcsim: the cluster's Service
 * records through the pod's search list (`<svc>`, `<svc>.<ns>`, `<svc>.<ns>.svc`,
 * `<svc>.<ns>.svc.<domain>`), as CoreDNS answers them (reference §9.1). Nodes and outside
 * clients use the host's resolver, which knows no cluster names (kubeadm leaves the node's
 * resolv.conf alone). The traced DNS lookup comes with the discovery issue.
 */
import type { ShellContext } from './context.ts';

export function resolveName(ctx: ShellContext, name: string): string | undefined {
  if (ctx.place.kind !== 'pod') return undefined;
  const domain = ctx.cluster.settings.dnsDomain;
  const ns = ctx.place.namespace;
  const fqdn = name.endsWith('.') ? name.slice(0, -1) : name;
  const candidates = fqdn.endsWith(`.svc.${domain}`)
    ? [fqdn]
    : [`${fqdn}.${ns}.svc.${domain}`, `${fqdn}.svc.${domain}`, `${fqdn}.${domain}`, fqdn];
  for (const c of candidates) {
    const m = new RegExp(`^([a-z0-9-]+)\\.([a-z0-9-]+)\\.svc\\.${domain.replace(/\./g, '\\.')}$`).exec(c.toLowerCase());
    if (!m) continue;
    const svc = ctx.cluster.get('Service', m[2], m[1]);
    if (!svc || svc.spec.type === 'ExternalName') continue;
    const ip = svc.spec.clusterIP;
    if (ip && ip !== 'None') return ip;
    // Headless: the first ready endpoint, as a resolver takes the first A record.
    for (const slice of ctx.cluster.list('EndpointSlice', m[2])) {
      if (slice.metadata.labels?.['kubernetes.io/service-name'] !== m[1]) continue;
      const e = slice.endpoints.find((x) => x.conditions?.ready !== false);
      if (e) return e.addresses[0];
    }
    return undefined;
  }
  return undefined;
}
