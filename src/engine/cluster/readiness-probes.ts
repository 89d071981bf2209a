/**
 * Readiness probes, as the kubelet's prober runs them (kubernetes pkg/kubelet/prober: worker.go,
 * prober.go, probe/tcp, probe/http): from the node to the pod's address, first when the
 * container starts and then every periodSeconds; a probe before initialDelaySeconds has passed
 * does not count, and until one succeeds the container is not ready. A pod whose container is
 * not ready is Ready=False and leaves its Services' endpoints.
 *
 * What decides a probe in svcsim is whether the pod listens on the port (its declared
 * containerPorts, or any port when it declares none, as for every connection): a tcpSocket
 * probe connects or is refused; an httpGet probe is answered 200 (svcsim's pods answer every
 * path, as traefik/whoami does), or refused, and an HTTPS probe gets Go's answer from a plain
 * HTTP server. exec and grpc probes, and a named port the container does not declare, are not
 * simulated: they count as passing. successThreshold and failureThreshold change nothing for a
 * result that never changes.
 */
import type { Container, Pod, PodCondition, PodStatus } from '../api/core.ts';
import type { LazyEvents } from './event-log.ts';
import { podListens } from './pod-ports.ts';
import { rfc3339 } from './object-meta.ts';
import type { ClusterEvent } from './types.ts';

/** One container's readiness probe as it will go, on the clock from the container's start. */
export interface ReadinessVerdict {
  container: string;
  ok: boolean;
  /** What a failed probe says (the prober's output). */
  output: string;
  /** The first probe that counts, after the start (ms). */
  firstMs: number;
  periodMs: number;
}

interface ProbeSpec {
  httpGet?: { path?: string; port?: number | string; host?: string; scheme?: string };
  tcpSocket?: { port?: number | string; host?: string };
  initialDelaySeconds?: number;
  periodSeconds?: number;
}

export function hasReadinessProbe(pod: Pod): boolean {
  for (const c of pod.spec.containers) if (c.readinessProbe !== undefined) return true;
  return false;
}

/** probe.ResolveContainerPort: a number, or the name of one of the container's ports. */
function resolvePort(port: number | string | undefined, c: Container): number | undefined {
  if (typeof port === 'number') return port;
  if (typeof port === 'string' && /^\d+$/.test(port)) return Number(port);
  return c.ports?.find((p) => p.name === port)?.containerPort;
}

/** How each container's readiness probe goes for a pod at this address. */
export function readinessVerdicts(pod: Pod, podIP: string): ReadinessVerdict[] {
  const out: ReadinessVerdict[] = [];
  for (const c of pod.spec.containers) {
    const probe = c.readinessProbe as ProbeSpec | undefined;
    if (!probe || typeof probe !== 'object') continue;
    const periodMs = (probe.periodSeconds || 10) * 1000;
    const delayMs = (probe.initialDelaySeconds ?? 0) * 1000;
    // Probes tick every period from the start; the first to count is the first past the delay.
    const firstMs = Math.ceil(delayMs / periodMs) * periodMs;
    const verdict = (ok: boolean, output = ''): ReadinessVerdict => ({ container: c.name, ok, output, firstMs, periodMs });
    const action = probe.httpGet ?? probe.tcpSocket;
    const port = action ? resolvePort(action.port, c) : undefined;
    // exec, grpc, or a port svcsim cannot resolve: not simulated, passing.
    if (!action || port === undefined || (action.host && action.host !== podIP)) {
      out.push(verdict(true));
      continue;
    }
    const addr = `${podIP}:${port}`;
    const refused = `dial tcp ${addr}: connect: connection refused`;
    const listens = podListens(pod, port, 'tcp');
    if (probe.tcpSocket) {
      out.push(listens ? verdict(true) : verdict(false, refused));
      continue;
    }
    const http = probe.httpGet!;
    const scheme = (http.scheme ?? 'HTTP').toLowerCase();
    const path = http.path || '/';
    const url = `${scheme}://${addr}${path.startsWith('/') ? path : `/${path}`}`;
    if (!listens) out.push(verdict(false, `Get "${url}": ${refused}`));
    // A TLS client meeting svcsim's plain HTTP server: Go's net/http error.
    else if (scheme === 'https') out.push(verdict(false, `Get "${url}": http: server gave HTTP response to HTTPS client`));
    else out.push(verdict(true));
  }
  return out;
}

/** The containers a probe keeps from being ready at the start. */
export function unreadyAtStart(verdicts: readonly ReadinessVerdict[]): string[] {
  return verdicts.filter((v) => !v.ok || v.firstMs > 0).map((v) => v.container);
}

/** The started status with these containers not ready (generate.go: ContainersNotReady names them). */
export function withReadiness(status: PodStatus, containers: readonly Container[], unready: readonly string[], time: string): PodStatus {
  const unreadySet = new Set(unready);
  const prev = status.conditions ?? [];
  const allReady = unready.length === 0;
  const message = `containers with unready status: [${containers.filter((c) => unreadySet.has(c.name)).map((c) => c.name).join(' ')}]`;
  const conditions = prev.map((c): PodCondition => {
    if (c.type !== 'Ready' && c.type !== 'ContainersReady') return c;
    const status = allReady ? ('True' as const) : ('False' as const);
    const lastTransitionTime = c.status === status ? c.lastTransitionTime : time;
    return allReady ? { type: c.type, status, lastProbeTime: null, lastTransitionTime } : { type: c.type, status, lastProbeTime: null, lastTransitionTime, reason: 'ContainersNotReady', message };
  });
  const containerStatuses = (status.containerStatuses ?? []).map((cs) => ({ ...cs, ready: !unreadySet.has(cs.name) }));
  return { ...status, conditions, containerStatuses };
}

/** A failing readiness probe's Unhealthy warnings, counted up to the clock: one per probe (prober.go). */
export class ProbeFailureEvents implements LazyEvents {
  constructor(
    private readonly pod: { namespace: string; name: string; uid: string | undefined; nodeName: string },
    private readonly failing: readonly ReadinessVerdict[],
    private readonly startMs: number,
    private readonly now: () => number,
  ) {}

  expand(): ClusterEvent[] {
    const now = this.now();
    const out: ClusterEvent[] = [];
    const { namespace, name, uid, nodeName } = this.pod;
    for (const v of this.failing) {
      const first = this.startMs + v.firstMs;
      if (now < first) continue;
      const count = Math.floor((now - first) / v.periodMs) + 1;
      out.push({
        type: 'Warning',
        reason: 'Unhealthy',
        message: `Readiness probe failed: ${v.output}`,
        source: 'kubelet',
        host: nodeName,
        involvedObject: { kind: 'Pod', namespace, name, uid, fieldPath: `spec.containers{${v.container}}` },
        firstTimestamp: rfc3339(first),
        lastTimestamp: rfc3339(first + (count - 1) * v.periodMs),
        count,
      });
    }
    return out;
  }
}

/** A pod whose containers turn ready once their first counted probe has passed. */
interface PendingReady {
  namespace: string;
  name: string;
  uid: string | undefined;
  at: number;
}

/**
 * The kubelet's side of readiness over time: pods that turn ready later (initialDelaySeconds),
 * and the events of probes that keep failing. The clock is the cluster's.
 */
export class Readiness {
  private pending: PendingReady[] = [];
  /** Failing probes' events, by pod uid, until the pod's start-up events are recorded. */
  private readonly failing = new Map<string, ProbeFailureEvents>();

  constructor(private readonly now: () => number) {}

  /**
   * A pod with readiness probes is starting at this address: the containers a probe keeps
   * from being ready now (what becomes of them later is noted).
   */
  starting(pod: Pod, podIP: string, startMs: number): string[] {
    const verdicts = readinessVerdicts(pod, podIP);
    const failing = verdicts.filter((v) => !v.ok);
    const { namespace = 'default', name, uid } = pod.metadata;
    if (failing.length) {
      if (uid) this.failing.set(uid, new ProbeFailureEvents({ namespace, name, uid, nodeName: pod.spec.nodeName ?? '' }, failing, startMs, this.now));
    } else {
      const last = Math.max(0, ...verdicts.map((v) => v.firstMs));
      if (last > 0) this.pending.push({ namespace, name, uid, at: startMs + last });
    }
    return unreadyAtStart(verdicts);
  }

  /** The Unhealthy events of a started pod whose probe fails, once (they follow its start-up events). */
  takeEvents(uid: string | undefined): LazyEvents | undefined {
    if (uid === undefined || !this.failing.size) return undefined;
    const e = this.failing.get(uid);
    this.failing.delete(uid);
    return e;
  }

  /** When the next pod turns ready (ms), if one is waiting for its first counted probe. */
  next(): number | undefined {
    let at: number | undefined;
    for (const p of this.pending) if (at === undefined || p.at < at) at = p.at;
    return at;
  }

  /** The pods the clock has made ready since the last call, in the order they turned ready. */
  due(): PendingReady[] {
    if (!this.pending.length) return [];
    const now = this.now();
    const due = this.pending.filter((p) => p.at <= now).sort((a, b) => a.at - b.at);
    if (due.length) this.pending = this.pending.filter((p) => p.at > now);
    return due;
  }
}
