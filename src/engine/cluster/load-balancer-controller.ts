/**
 * The cloud provider's service controller, simulated (k8s.io/cloud-provider controllers/service):
 * a LoadBalancer Service gets a load balancer whose address is written to
 * status.loadBalancer.ingress — `spec.loadBalancerIP` when the user asks for one, else the next
 * free address of svcsim's pool (TEST-NET-1, RFC 5737, standing in for a cloud's public IPs).
 * A status the scenario wrote is kept. A Service that stops being a LoadBalancer loses it.
 */
import type { Service } from '../api/core.ts';
import { formatIPv4, parseIPv4 } from '../net/ipv4.ts';
import type { ControllerContext } from './controller-context.ts';

const POOL_FIRST = parseIPv4('192.0.2.100') as number;
const POOL_LAST = parseIPv4('192.0.2.254') as number;
const SOURCE = 'service-controller';

export class LoadBalancerController {
  constructor(private readonly ctx: ControllerContext) {}

  sync(namespace: string, name: string): void {
    const svc = this.ctx.store.get('Service', namespace, name);
    if (!svc) return;
    const ingress = svc.status?.loadBalancer?.ingress ?? [];
    if (svc.spec.type !== 'LoadBalancer') {
      if (ingress.length) {
        this.ctx.updateObject<Service>({ ...svc, status: { ...svc.status, loadBalancer: {} } });
        this.event(svc, 'DeletingLoadBalancer', 'Deleting load balancer');
        this.event(svc, 'DeletedLoadBalancer', 'Deleted load balancer');
      }
      return;
    }
    if (ingress.length) return;
    const ip = svc.spec.loadBalancerIP || this.nextFree();
    this.event(svc, 'EnsuringLoadBalancer', 'Ensuring load balancer');
    if (!ip) {
      this.event(svc, 'SyncLoadBalancerFailed', 'Error syncing load balancer: failed to ensure load balancer: svcsim: the load-balancer address pool 192.0.2.100-254 is used up', 'Warning');
      return;
    }
    this.ctx.updateObject<Service>({ ...svc, status: { ...svc.status, loadBalancer: { ingress: [{ ip, ipMode: 'VIP' }] } } });
    this.event(svc, 'EnsuredLoadBalancer', 'Ensured load balancer');
  }

  private nextFree(): string | undefined {
    const used = new Set<string>();
    for (const s of this.ctx.store.list('Service')) for (const i of s.status?.loadBalancer?.ingress ?? []) if (i.ip) used.add(i.ip);
    for (let n = POOL_FIRST; n <= POOL_LAST; n++) {
      const ip = formatIPv4(n);
      if (!used.has(ip)) return ip;
    }
    return undefined;
  }

  private event(svc: Service, reason: string, message: string, type: 'Normal' | 'Warning' = 'Normal'): void {
    const { namespace, name, uid } = svc.metadata;
    this.ctx.eventLog.record({ kind: 'Service', namespace, name, uid }, type, reason, message, SOURCE, this.ctx.nowIso());
  }
}
