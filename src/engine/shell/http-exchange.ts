/**
 * One plain-HTTP GET through the simulated cluster, for the clients the console has (curl,
 * busybox wget): the name resolved the place's way (in a pod, DNS packets to CoreDNS), the
 * connection walked hop by hop, and, when it is delivered, the answer of what listens there
 * (a traefik/whoami-like server in pods, CoreDNS's ports, a node's daemons).
 */
import { parseIPv4 } from '../net/ipv4.ts';
import type { L4Protocol } from '../net/packet.ts';
import { HOST_SOCKETS, send, whoamiBody, type Trace } from '../dataplane/index.ts';
import type { ShellContext } from './context.ts';
import { coreDnsAnswer, whoamiAnswer } from './http-servers.ts';
import { resolveName } from './resolve.ts';
import { sourceOf } from './trace-target.ts';

/** A SYN nobody answers: the kernel gives up after tcp_syn_retries (6); curl reports this long. */
export const KERNEL_CONNECT_TIMEOUT_MS = 134518;

export interface HttpRequest {
  host: string;
  port: number;
  /** The Host header the client sends (`web`, `web:8080`). */
  hostHeader: string;
  /** The request-target the client sends (`/healthz?x=1`). */
  target: string;
  /** undefined: the client sent none. */
  userAgent: string | undefined;
  /** The client's other request header lines, sorted by name as the server writes them back. */
  headers: readonly string[];
  localPort?: number;
}

export interface HttpResponse {
  status: string;
  /** As Go's net/http writes them on the wire (Date and Content-Length first). */
  headers: string[];
  body: string;
}

export type HttpExchange =
  | { kind: 'unresolved' }
  | { kind: 'no-network' }
  /** Delivered to a server route svcsim does not model: the message says which. */
  | { kind: 'unsimulated'; message: string }
  /** `resolved`: what a name resolved to (absent when the host was an address). */
  | { kind: 'sent'; ip: string; resolved?: string[]; trace: Trace; response?: HttpResponse };

export function exchange(ctx: ShellContext, req: HttpRequest): HttpExchange {
  const byName = parseIPv4(req.host) === undefined;
  const looked = byName ? resolveName(ctx, req.host) : { ok: true as const, addresses: [req.host] };
  if (!looked.ok) {
    // The queries still happened: their walks are the line's traces.
    if (looked.dns) ctx.traces.push(...looked.dns.traces);
    return { kind: 'unresolved' };
  }
  const ip = looked.addresses[0];
  const from = sourceOf(ctx, ctx.place, ip);
  if (!from) return { kind: 'no-network' };
  const walked = send(ctx.dataplane, ctx.cluster, {
    from: from.source,
    at: from.at,
    dst: ip,
    dport: req.port,
    proto: 'tcp' as L4Protocol,
    ...(req.localPort ? { sport: req.localPort } : {}),
    clients: ctx.clients,
  });
  const trace: Trace = looked.dns ? { ...walked, dns: looked.dns } : walked;
  ctx.traces.push(trace);
  // userspace mode: the dials kube-proxy waited for before it connected (or gave up).
  const waited = trace.proxied?.attempts.reduce((sum, a) => sum + a.elapsedMs, 0) ?? 0;
  if (waited) ctx.cluster.tick(waited / 1000);
  const response = trace.result === 'delivered' ? respond(ctx, req, trace) : undefined;
  if (response && 'unsimulated' in response) return { kind: 'unsimulated', message: response.unsimulated };
  return { kind: 'sent', ip, ...(byName ? { resolved: looked.addresses } : {}), trace, response };
}

/** What answers a delivered request, by port and path; undefined when the server reads it and never answers (CoreDNS's DNS port). */
function respond(ctx: ShellContext, req: HttpRequest, t: Trace): HttpResponse | { unsimulated: string } | undefined {
  const podKey = t.endpoint?.pod;
  // A node's HTTPS daemons: Go's TLS server answers plain HTTP with a bare 400 (net/http server.go).
  if (!podKey && isTlsDaemon(t)) return { status: 'HTTP/1.0 400 Bad Request', headers: [], body: 'Client sent an HTTP request to an HTTPS server.\n' };
  const pod = podKey ? ctx.cluster.get('Pod', ...(podKey.split('/') as [string, string])) : undefined;
  const date = new Date(ctx.cluster.now()).toUTCString();
  // CoreDNS is no web server: DNS over TCP reads the request as a length prefix and never
  // answers; its health, ready and prometheus plugins serve their one path each.
  const isCoreDNS = pod?.spec.containers.some((c) => /coredns/.test(c.image ?? '')) ?? false;
  if (isCoreDNS) return coreDnsAnswer(t.endpoint?.port ?? 0, req.target, date);
  if (!podKey || !t.arrival) return { status: 'HTTP/1.1 200 OK', headers: [`Date: ${date}`, 'Content-Length: 0'], body: '' };
  const podNet = ctx.dataplane.network.pod(podKey);
  const name = podKey.split('/')[1];
  const ips = (podNet?.interfaces ?? []).flatMap((i) => [...i.inet.map((a) => a.address), ...i.inet6.map((a) => a.address)]);
  const remote = t.arrival.src;
  return whoamiAnswer({ target: req.target, host: req.hostHeader, userAgent: req.userAgent, headers: req.headers }, date, { hostname: name, ips, remoteAddr: remote }, (uri) =>
    whoamiBody({ pod: name, podNet, remote, host: req.hostHeader, userAgent: req.userAgent, headers: req.headers, uri }),
  );
}

/** Whether the node daemon the walk delivered to speaks TLS (read from the walker's own socket table). */
function isTlsDaemon(t: Trace): boolean {
  return HOST_SOCKETS.find((h) => h.port === t.endpoint?.port && h.proto === t.request.proto)?.tls === true;
}

export function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}
