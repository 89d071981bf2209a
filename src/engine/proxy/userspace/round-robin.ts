/**
 * The userspace proxier's load balancer, LoadBalancerRR (pkg/proxy/userspace/roundrobin.go,
 * v1.25): per service port a list of `ip:port` endpoints, shuffled (pkg/proxy/util
 * ShuffleStrings) every time the set changes and the round-robin index reset to 0; NextEndpoint
 * takes the endpoint at the index and advances it. With ClientIP affinity a map client IP ->
 * {endpoint, lastUsed} pins a client while `int(seconds since lastUsed) < ttl`, unless the
 * caller asks to reset it (after a failed dial). Time is the simulated clock in milliseconds.
 */
import type { Rand } from '../../rand.ts';

/** roundrobin.go ErrMissingServiceEntry / ErrMissingEndpoints. */
export const ERR_MISSING_SERVICE_ENTRY = 'missing service entry';
export const ERR_MISSING_ENDPOINTS = 'missing endpoints';

/** v1.DefaultClientIPServiceAffinitySeconds: newServiceInternal's ttl when given 0. */
export const DEFAULT_AFFINITY_SECONDS = 10800;

export type ServiceAffinity = 'None' | 'ClientIP';

interface AffinityState {
  endpoint: string;
  lastUsedMs: number;
}

interface BalancerState {
  /** Shuffled `ip:port` strings. */
  endpoints: string[];
  index: number;
  affinityType: ServiceAffinity | '';
  ttlSeconds: number;
  affinity: Map<string, AffinityState>;
}

/** math/rand Perm's shape (m[i] = m[j]; m[j] = i), then ShuffleStrings' shuffled[perm[i]] = s[i]. */
export function shuffleStrings(s: readonly string[], rand: Rand): string[] {
  const perm: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const j = rand.int(i + 1);
    perm[i] = perm[j];
    perm[j] = i;
  }
  const out: string[] = new Array<string>(s.length);
  for (let i = 0; i < s.length; i++) out[perm[i]] = s[i];
  return out;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const x = [...a].sort();
  const y = [...b].sort();
  return x.every((v, i) => v === y[i]);
}

export class LoadBalancerRR {
  private readonly services = new Map<string, BalancerState>();

  constructor(private readonly rand: Rand) {}

  private newServiceInternal(svcPort: string, affinityType: ServiceAffinity | '', ttlSeconds: number): BalancerState {
    const ttl = ttlSeconds === 0 ? DEFAULT_AFFINITY_SECONDS : ttlSeconds;
    let state = this.services.get(svcPort);
    if (!state) {
      state = { endpoints: [], index: 0, affinityType, ttlSeconds: ttl, affinity: new Map() };
      this.services.set(svcPort, state);
    } else if (affinityType !== '') {
      // Only the type is updated for an existing entry: a changed timeout keeps the old one.
      state.affinityType = affinityType;
    }
    return state;
  }

  /** NewService: called when the proxier opens a service port. */
  newService(svcPort: string, affinityType: ServiceAffinity, ttlSeconds: number): void {
    this.newServiceInternal(svcPort, affinityType, ttlSeconds);
  }

  deleteService(svcPort: string): void {
    this.services.delete(svcPort);
  }

  /**
   * OnEndpointsAdd/Update for one port: `ready` are the Endpoints object's addresses
   * (`ip:port`). A changed set drops affinity to removed endpoints, reshuffles and resets the
   * index; an empty one resets the service (no endpoints, no affinity).
   */
  setEndpoints(svcPort: string, ready: readonly string[]): void {
    const state = this.services.get(svcPort);
    if (ready.length === 0) {
      // resetService: the port is gone from the Endpoints object.
      if (state) {
        state.endpoints = [];
        state.index = 0;
        state.affinity = new Map();
      }
      return;
    }
    if (state && sameSet(state.endpoints, ready)) return;
    if (state) {
      const keep = new Set(ready);
      for (const [ip, a] of state.affinity) if (!keep.has(a.endpoint)) state.affinity.delete(ip);
    }
    const s = this.newServiceInternal(svcPort, '', 0);
    s.endpoints = shuffleStrings(ready, this.rand);
    s.index = 0;
  }

  /** The shuffled list and the next index, for the UI and tests. */
  inspect(svcPort: string): { endpoints: readonly string[]; index: number; affinity: ReadonlyMap<string, { endpoint: string; lastUsedMs: number }> } | undefined {
    const s = this.services.get(svcPort);
    return s && { endpoints: s.endpoints, index: s.index, affinity: s.affinity };
  }

  hasEndpoints(svcPort: string): boolean {
    return (this.services.get(svcPort)?.endpoints.length ?? 0) > 0;
  }

  /** NextEndpoint: the endpoint for a connection from `clientIP`, or the balancer's error. */
  nextEndpoint(svcPort: string, clientIP: string, sessionAffinityReset: boolean, nowMs: number): { endpoint: string } | { error: string } {
    const state = this.services.get(svcPort);
    if (!state) return { error: ERR_MISSING_SERVICE_ENTRY };
    if (state.endpoints.length === 0) return { error: ERR_MISSING_ENDPOINTS };
    const sticky = state.affinityType === 'ClientIP';
    if (sticky && !sessionAffinityReset) {
      const a = state.affinity.get(clientIP);
      // int(time.Since(lastUsed).Seconds()) < ttlSeconds
      if (a && Math.floor((nowMs - a.lastUsedMs) / 1000) < state.ttlSeconds) {
        a.lastUsedMs = nowMs;
        return { endpoint: a.endpoint };
      }
    }
    const endpoint = state.endpoints[state.index];
    state.index = (state.index + 1) % state.endpoints.length;
    if (sticky) state.affinity.set(clientIP, { endpoint, lastUsedMs: nowMs });
    return { endpoint };
  }

  /** CleanupStaleStickySessions, run by every sync. */
  cleanupStaleStickySessions(svcPort: string, nowMs: number): void {
    const state = this.services.get(svcPort);
    if (!state) return;
    for (const [ip, a] of state.affinity) if (Math.floor((nowMs - a.lastUsedMs) / 1000) >= state.ttlSeconds) state.affinity.delete(ip);
  }
}
