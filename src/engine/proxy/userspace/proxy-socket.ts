/**
 * What the userspace proxy process did with a connection that reached its proxy port
 * (pkg/proxy/userspace/proxysocket.go, v1.25). TCP: accept the client (the handshake completes
 * with kube-proxy itself), then TryConnectEndpoints: up to four dials with the timeouts of
 * EndpointDialTimeouts, each to the balancer's next endpoint, the affinity reset after a
 * failure; when none connects the client's connection is closed. UDP: one backend socket per
 * client address, reused until it has been idle for udpIdleTimeout; a UDP "dial" never fails,
 * so UDP never retries. SCTP could not be proxied at all.
 */
import type { L4Protocol } from '../../net/packet.ts';
import type { LoadBalancerRR } from './round-robin.ts';

/** proxysocket.go EndpointDialTimeouts: 250ms, 500ms, 1s, 2s. */
export const ENDPOINT_DIAL_TIMEOUTS_MS: readonly number[] = [250, 500, 1000, 2000];

/** The error TryConnectEndpoints returns when every attempt failed. */
export const ERR_FAILED_TO_CONNECT = 'failed to connect to an endpoint';

/** newProxySocket's error for an SCTP service port. */
export const ERR_SCTP_NOT_SUPPORTED = 'SCTP is not supported for user space proxy';

/** How one dial to an endpoint went, as the data plane decides it. */
export type DialResult = 'ok' | 'refused' | 'unreachable' | 'timeout';

export interface DialAttempt {
  endpoint: string;
  result: DialResult;
  /** The dial's duration: its whole timeout when it timed out, else 0 (an RST or ICMP comes back at once). */
  elapsedMs: number;
  /** The attempt's timeout from EndpointDialTimeouts. */
  timeoutMs: number;
  /** Go's error text for a failed dial, as kube-proxy logged it ("Dial failed"). */
  error?: string;
}

export type ConnectResult =
  | { endpoint: string; attempts: DialAttempt[]; elapsedMs: number }
  | { error: string; attempts: DialAttempt[]; elapsedMs: number };

function dialError(endpoint: string, proto: L4Protocol, result: DialResult): string | undefined {
  switch (result) {
    case 'ok': return undefined;
    case 'refused': return `dial ${proto} ${endpoint}: connect: connection refused`;
    case 'unreachable': return `dial ${proto} ${endpoint}: connect: no route to host`;
    case 'timeout': return `dial ${proto} ${endpoint}: i/o timeout`;
  }
}

/**
 * TryConnectEndpoints for one new client connection (or new UDP client). `dial` is asked for
 * TCP only: connecting a UDP socket sends nothing and cannot fail.
 */
export function tryConnectEndpoints(
  lb: LoadBalancerRR,
  svcPort: string,
  proto: L4Protocol,
  clientIP: string,
  dial: (endpoint: string, timeoutMs: number) => DialResult,
  nowMs: number,
): ConnectResult {
  const attempts: DialAttempt[] = [];
  let elapsedMs = 0;
  let sessionAffinityReset = false;
  for (const timeoutMs of ENDPOINT_DIAL_TIMEOUTS_MS) {
    const next = lb.nextEndpoint(svcPort, clientIP, sessionAffinityReset, nowMs + elapsedMs);
    // "Couldn't find an endpoint for service": no retry, the client is closed.
    if ('error' in next) return { error: next.error, attempts, elapsedMs };
    const result = proto === 'udp' ? 'ok' : dial(next.endpoint, timeoutMs);
    const spent = result === 'timeout' ? timeoutMs : 0;
    elapsedMs += spent;
    const error = dialError(next.endpoint, proto, result);
    attempts.push({ endpoint: next.endpoint, result, elapsedMs: spent, timeoutMs, ...(error ? { error } : {}) });
    if (result === 'ok') return { endpoint: next.endpoint, attempts, elapsedMs };
    sessionAffinityReset = true;
  }
  return { error: ERR_FAILED_TO_CONNECT, attempts, elapsedMs };
}

/** A UDP client's backend socket (proxysocket.go clientCache). */
export interface UdpClient {
  endpoint: string;
  /** The backend socket's local port on the node (an ephemeral port). */
  localPort: number;
  /** Read/write deadline: the socket closes when nothing passes before it. */
  deadlineMs: number;
}

/** The active UDP clients of one service port, by client `ip:port`. */
export class UdpClientCache {
  private readonly clients = new Map<string, UdpClient>();

  constructor(private readonly idleTimeoutMs: number) {}

  /** The client's socket if it has not idled out by `nowMs` (an expired one is dropped). */
  get(client: string, nowMs: number): UdpClient | undefined {
    const c = this.clients.get(client);
    if (c && nowMs >= c.deadlineMs) {
      this.clients.delete(client);
      return undefined;
    }
    return c;
  }

  add(client: string, endpoint: string, localPort: number, nowMs: number): UdpClient {
    const c = { endpoint, localPort, deadlineMs: nowMs + this.idleTimeoutMs };
    this.clients.set(client, c);
    return c;
  }

  /** A datagram passed either way: SetDeadline(now + timeout). */
  touch(client: string, nowMs: number): void {
    const c = this.clients.get(client);
    if (c) c.deadlineMs = nowMs + this.idleTimeoutMs;
  }

  size(): number {
    return this.clients.size;
  }
}
