/**
 * ClusterIP and nodePort allocation for Service writes, in the API server's order
 * (kubernetes pkg/registry/core/service/storage/alloc.go allocateCreate/allocateUpdate and
 * storage.go beginCreate/beginUpdate): family fields, cluster IPs, node ports, health-check
 * node port. Keeping allocated values on update and dropping type-dependent fields is defaulting's
 * (cluster/defaults applyUpdateDefaults). Each call returns a transaction the caller commits or reverts after validation.
 */
import type { Service, ServicePort } from '../api/core.ts';
import type { StatusError } from '../api/status.ts';
import { internalError, invalidError } from '../api/status.ts';
import type { Rand } from '../rand.ts';
import type { ServiceIPAllocator } from './ip-allocator.ts';
import { formatIPv4, parseIPv4 } from './ipv4.ts';
import type { NodePortAllocator } from './port-allocator.ts';
import { copyPlain } from './object-meta.ts';
import { renderStringSlice } from './validation/render-value.ts';

export interface AllocTxn {
  /** Frees what this write allocated (the write failed). */
  revert(): void;
  /** Frees what the old object held and the new one no longer does (the write succeeded). */
  commit(): void;
}

export type AllocResult = { ok: true; service: Service; txn: AllocTxn } | { ok: false; error: StatusError };

export function needsClusterIP(svc: Service): boolean {
  return svc.spec.type !== 'ExternalName' && svc.spec.clusterIP !== 'None' && svc.spec.clusterIPs?.[0] !== 'None';
}

export function needsNodePort(svc: Service): boolean {
  return svc.spec.type === 'NodePort' || svc.spec.type === 'LoadBalancer';
}

/** shouldAllocateNodePorts: NodePort always; LoadBalancer unless allocateLoadBalancerNodePorts is false. */
function shouldAllocateNodePorts(svc: Service): boolean {
  if (svc.spec.type === 'NodePort') return true;
  return svc.spec.type === 'LoadBalancer' && svc.spec.allocateLoadBalancerNodePorts !== false;
}

/** apiservice.NeedsHealthCheck: LoadBalancer with externalTrafficPolicy Local. */
export function needsHealthCheck(svc: Service): boolean {
  return svc.spec.type === 'LoadBalancer' && svc.spec.externalTrafficPolicy === 'Local';
}

/** A copy the allocator may fill in (copies by stores: see copyPlain). */
function clone(svc: Service): Service {
  const out = copyPlain(svc);
  out.metadata = copyPlain(svc.metadata);
  const spec = copyPlain(svc.spec);
  spec.ports = svc.spec.ports?.map(copyPlain);
  out.spec = spec;
  return out;
}

interface Held {
  ips: number[];
  ports: number[];
}

/** A write's transaction: revert frees what it took, commit what the old object gave up. */
class Txn implements AllocTxn {
  constructor(
    private readonly alloc: ServiceAllocator,
    private readonly got: Held,
    private readonly deferred: Held | undefined,
  ) {}

  revert(): void {
    this.alloc.free(this.got);
  }

  commit(): void {
    if (this.deferred) this.alloc.free(this.deferred);
  }
}

export class ServiceAllocator {
  constructor(
    readonly ips: ServiceIPAllocator,
    readonly ports: NodePortAllocator,
    private readonly rand: Rand,
  ) {}

  allocateCreate(input: Service): AllocResult {
    const svc = clone(input);
    const got: Held = { ips: [], ports: [] };
    this.initFamilyFields(svc);
    if (needsClusterIP(svc)) {
      const err = this.allocClusterIP(svc, got);
      if (err) return this.fail(got, err);
    }
    if (needsNodePort(svc)) {
      const err = this.initNodePorts(svc, got);
      if (err) return this.fail(got, err);
    }
    if (needsHealthCheck(svc)) {
      const err = this.allocHealthCheck(svc, got);
      if (err) return this.fail(got, err);
    }
    return { ok: true, service: svc, txn: new Txn(this, got, undefined) };
  }

  private fail(got: Held, error: StatusError): AllocResult {
    this.free(got);
    return { ok: false, error };
  }

  allocateUpdate(input: Service, old: Service): AllocResult {
    const svc = clone(input);
    const got = { ips: [] as number[], ports: [] as number[] };
    const deferred = { ips: [] as number[], ports: [] as number[] };
    const revert = () => this.free(got);
    const fail = (error: StatusError): AllocResult => {
      revert();
      return { ok: false, error };
    };
    this.initFamilyFields(svc);
    // txnUpdateClusterIPs
    if (!needsClusterIP(old) && needsClusterIP(svc)) {
      const err = this.allocClusterIP(svc, got);
      if (err) return fail(err);
    } else if (needsClusterIP(old) && !needsClusterIP(svc)) {
      for (const ip of old.spec.clusterIPs ?? [old.spec.clusterIP ?? '']) {
        const n = parseIPv4(ip);
        if (n !== undefined) deferred.ips.push(n);
      }
    }
    // txnUpdateNodePorts
    const oldNodePorts = collectNodePorts(old);
    if (needsNodePort(old) && !needsNodePort(svc)) {
      deferred.ports.push(...oldNodePorts);
    } else if (needsNodePort(svc)) {
      const err = this.updateNodePorts(svc, oldNodePorts, got, deferred);
      if (err) return fail(err);
    }
    // health-check node port
    const oldHc = needsHealthCheck(old) ? old.spec.healthCheckNodePort : undefined;
    if (needsHealthCheck(svc)) {
      if (!oldHc || svc.spec.healthCheckNodePort !== oldHc) {
        const err = this.allocHealthCheck(svc, got);
        if (err) return fail(err);
        if (oldHc) deferred.ports.push(oldHc);
      }
    } else if (oldHc) {
      deferred.ports.push(oldHc);
    }
    return { ok: true, service: svc, txn: { revert, commit: () => this.free(deferred) } };
  }

  /** Frees everything a stored Service holds (on delete). */
  releaseAll(svc: Service): void {
    if (needsClusterIP(svc)) {
      for (const ip of svc.spec.clusterIPs ?? [svc.spec.clusterIP ?? '']) {
        const n = parseIPv4(ip);
        if (n !== undefined) this.ips.release(n);
      }
    }
    for (const p of collectNodePorts(svc)) this.ports.release(p);
    if (svc.spec.healthCheckNodePort) this.ports.release(svc.spec.healthCheckNodePort);
  }

  /** Releases what `got` holds (for Txn). */
  free(got: Held): void {
    for (const ip of got.ips) this.ips.release(ip);
    for (const p of got.ports) this.ports.release(p);
    got.ips.length = 0;
    got.ports.length = 0;
  }

  /** The single-stack part of initIPFamilyFields: policy SingleStack, families [IPv4]. */
  private initFamilyFields(svc: Service): void {
    if (svc.spec.type === 'ExternalName') return;
    if (!svc.spec.ipFamilyPolicy) svc.spec.ipFamilyPolicy = 'SingleStack';
    if (!svc.spec.ipFamilies?.length) svc.spec.ipFamilies = ['IPv4'];
  }

  private allocClusterIP(svc: Service, got: { ips: number[] }): StatusError | undefined {
    const requested = svc.spec.clusterIPs?.[0] || svc.spec.clusterIP || '';
    const requestedList = svc.spec.clusterIPs?.length ? svc.spec.clusterIPs : requested ? [requested] : [];
    let ip: number;
    if (requested === '') {
      const next = this.ips.allocateNext(this.rand);
      if (next === undefined) return internalError('failed to allocate a serviceIP: range is full');
      ip = next;
    } else {
      const parsed = parseIPv4(requested);
      // An address that does not parse (validation stops most) is in no ServiceCIDR either.
      const failed = parsed === undefined ? 'not-in-range' : this.ips.allocate(parsed);
      const err = failed && this.ips.message(failed);
      if (err) {
        return invalidError('Service', svc.metadata.name, [
          {
            type: 'Invalid value',
            field: 'spec.clusterIPs',
            // v1.33 prints field values with %#v (JSON came with v1.34): []string{"10.0.0.5"}.
            value: renderStringSlice(requestedList),
            detail: `failed to allocate IP ${requested}: ${err}`,
          },
        ]);
      }
      ip = parsed!;
    }
    got.ips.push(ip);
    const text = formatIPv4(ip);
    svc.spec.clusterIP = text;
    svc.spec.clusterIPs = [text];
    return undefined;
  }

  /** initNodePorts: ports with the same `port` number share one nodePort. */
  private initNodePorts(svc: Service, got: { ports: number[] }): StatusError | undefined {
    const byPort = new Map<number, number>();
    const ports = svc.spec.ports ?? [];
    for (let i = 0; i < ports.length; i++) {
      const sp = ports[i];
      if (!sp.nodePort && !shouldAllocateNodePorts(svc)) continue;
      const already = byPort.get(sp.port);
      if (already === undefined) {
        const requested = findRequestedNodePort(sp.port, ports);
        if (requested) {
          const err = this.ports.allocate(requested);
          if (err) return this.portInvalid(svc, i, requested, err);
          got.ports.push(requested);
          sp.nodePort = requested;
          byPort.set(sp.port, requested);
        } else {
          const next = this.ports.allocateNext(this.rand);
          if (next === undefined) return internalError('failed to allocate a nodePort: range is full');
          got.ports.push(next);
          sp.nodePort = next;
          byPort.set(sp.port, next);
        }
      } else if (sp.nodePort !== already) {
        if (!sp.nodePort) sp.nodePort = already;
        else {
          const err = this.ports.allocate(sp.nodePort);
          if (err) return this.portInvalid(svc, i, sp.nodePort, err);
          got.ports.push(sp.nodePort);
        }
      }
    }
    return undefined;
  }

  private updateNodePorts(
    svc: Service,
    oldNodePorts: number[],
    got: { ports: number[] },
    deferred: { ports: number[] },
  ): StatusError | undefined {
    const allocatedHere = new Set<number>();
    const ports = svc.spec.ports ?? [];
    for (let i = 0; i < ports.length; i++) {
      const sp = ports[i];
      if (!sp.nodePort && !shouldAllocateNodePorts(svc)) continue;
      if (sp.nodePort) {
        if (!oldNodePorts.includes(sp.nodePort) && !allocatedHere.has(sp.nodePort)) {
          const err = this.ports.allocate(sp.nodePort);
          if (err) return this.portInvalid(svc, i, sp.nodePort, err);
          got.ports.push(sp.nodePort);
          allocatedHere.add(sp.nodePort);
        }
      } else {
        const next = this.ports.allocateNext(this.rand);
        if (next === undefined) return internalError('failed to allocate a nodePort: range is full');
        got.ports.push(next);
        sp.nodePort = next;
      }
    }
    const now = collectNodePorts(svc);
    for (const p of oldNodePorts) if (!now.includes(p)) deferred.ports.push(p);
    return undefined;
  }

  private allocHealthCheck(svc: Service, got: { ports: number[] }): StatusError | undefined {
    const requested = svc.spec.healthCheckNodePort;
    if (requested) {
      const err = this.ports.allocate(requested);
      if (err) return internalError(`failed to allocate requested HealthCheck NodePort ${requested}: ${this.ports.message(err)}`);
      got.ports.push(requested);
      return undefined;
    }
    const next = this.ports.allocateNext(this.rand);
    if (next === undefined) return internalError('failed to allocate a HealthCheck NodePort 0: range is full');
    got.ports.push(next);
    svc.spec.healthCheckNodePort = next;
    return undefined;
  }

  private portInvalid(svc: Service, index: number, port: number, err: 'not-in-range' | 'allocated'): StatusError {
    return invalidError('Service', svc.metadata.name, [
      { type: 'Invalid value', field: `spec.ports[${index}].nodePort`, value: String(port), detail: this.ports.message(err) },
    ]);
  }
}

/** The first user-given nodePort among ports with this `port` number. */
function findRequestedNodePort(port: number, ports: readonly ServicePort[]): number {
  for (const p of ports) if (p.port === port && p.nodePort) return p.nodePort;
  return 0;
}

export function collectNodePorts(svc: Service): number[] {
  const out: number[] = [];
  for (const p of svc.spec.ports ?? []) if (p.nodePort && !out.includes(p.nodePort)) out.push(p.nodePort);
  return out;
}

