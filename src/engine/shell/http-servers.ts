/**
 * What the simulated servers answer for a request-target, as their Go muxes route it
 * (net/http ServeMux: an exact pattern matches that path only, `/` matches the rest; the
 * query plays no part): traefik/whoami in workload pods, and CoreDNS's HTTP listeners.
 *
 * Header order is Go's (net/http server.go chunkWriter.writeHeader): the handler's own headers
 * sorted, then Date, Content-Length (a body short enough to be buffered), then a sniffed
 * Content-Type and Transfer-Encoding.
 */

export interface ServedResponse {
  status: string;
  headers: string[];
  body: string;
}

/** A route svcsim does not model: the clients say so rather than print a made-up answer. */
export interface Unsimulated {
  unsimulated: string;
}

/** The request as a handler sees it. */
export interface ServedRequest {
  target: string;
  host: string;
  /** undefined: none was sent. */
  userAgent: string | undefined;
  /** The client's other header lines (`Accept: * /*`). */
  headers: readonly string[];
}

/** The path a Go server routes on: the request-target's path, %-escapes decoded. */
export function routePath(target: string): string {
  const q = target.indexOf('?');
  const raw = q < 0 ? target : target.slice(0, q);
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/**
 * The request-target as Go's Request.Write prints it back (url.URL.RequestURI): the path as
 * sent when it is valid escaping (validEncoded), otherwise re-escaped (shouldEscape,
 * encodePath); `?` and the raw query after it.
 */
export function goRequestURI(target: string): string {
  const q = target.indexOf('?');
  const raw = q < 0 ? target : target.slice(0, q);
  const query = q < 0 ? '' : target.slice(q);
  const valid = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@[\]/]|%[0-9A-Fa-f]{2})*$/.test(raw);
  if (valid) return raw + query;
  let out = '';
  for (const b of new TextEncoder().encode(routePath(raw))) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9\-._~$&+,/:;=@]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out + query;
}

function byteLength(s: string): number {
  return new TextEncoder().encode(s).length;
}

/** A handler's answer with Go's framing: `own` headers first, then Date and Content-Length. */
export function goResponse(status: string, date: string, body: string, own: string[] = [], sniffed = body ? 'text/plain; charset=utf-8' : ''): ServedResponse {
  const headers = [...own, `Date: ${date}`, `Content-Length: ${byteLength(body)}`, ...(sniffed && !own.some((h) => h.startsWith('Content-Type:')) ? [`Content-Type: ${sniffed}`] : [])];
  return { status, headers, body };
}

/** http.NotFound: http.Error sets Content-Type and X-Content-Type-Options itself. */
export function goNotFound(date: string): ServedResponse {
  return goResponse('HTTP/1.1 404 Not Found', date, '404 page not found\n', ['Content-Type: text/plain; charset=utf-8', 'X-Content-Type-Options: nosniff']);
}

/** CoreDNS v1.12.0 (kubeadm v1.33's image): its build as coredns_build_info reports it. */
const COREDNS_BUILD = { version: '1.12.0', revision: '51e11f1', goversion: 'go1.23.3' };

/**
 * CoreDNS's HTTP listeners in kubeadm's Corefile: `health` on :8080 serves /health and `ready`
 * on :8181 serves /ready, both `OK` (plugin/health/health.go, plugin/ready/ready.go); the
 * `prometheus :9153` plugin serves /metrics (plugin/metrics/metrics.go, promhttp). Anything
 * else is the mux's 404. undefined: no HTTP server on that port.
 */
export function coreDnsAnswer(port: number, target: string, date: string): ServedResponse | undefined {
  const path = routePath(target);
  if (port === 8080) return path === '/health' ? goResponse('HTTP/1.1 200 OK', date, 'OK') : goNotFound(date);
  if (port === 8181) return path === '/ready' ? goResponse('HTTP/1.1 200 OK', date, 'OK') : goNotFound(date);
  if (port !== 9153) return undefined;
  if (path !== '/metrics') return goNotFound(date);
  // Only the family whose value svcsim knows exactly: the Go runtime's go_* and process_*
  // families and the per-query coredns_* counters and histograms are not modelled. The real
  // exposition is tens of kilobytes, so Go sends it chunked (client_golang v1.20.5 /
  // prometheus/common v0.60.1 content type with escaping=values).
  const body =
    "# HELP coredns_build_info A metric with a constant '1' value labeled by version, revision, and goversion from which CoreDNS was built.\n" +
    '# TYPE coredns_build_info gauge\n' +
    `coredns_build_info{goversion="${COREDNS_BUILD.goversion}",revision="${COREDNS_BUILD.revision}",version="${COREDNS_BUILD.version}"} 1\n`;
  return { status: 'HTTP/1.1 200 OK', headers: ['Content-Type: text/plain; version=0.0.4; charset=utf-8; escaping=values', `Date: ${date}`, 'Transfer-Encoding: chunked'], body };
}

/** Go's json.Marshal string: HTML-safe escapes as encoding/json writes them. */
function jsonString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** traefik/whoami's request headers as Go's http.Header map holds them (Host apart), by name. */
/** The request's http.Header as encoding/json writes the map: keys sorted, each key's values in order. */
function headerMap(req: ServedRequest): [string, string[]][] {
  const map = new Map<string, string[]>();
  const add = (k: string, v: string) => map.set(k, [...(map.get(k) ?? []), v]);
  if (req.userAgent !== undefined) add('User-Agent', req.userAgent);
  for (const h of req.headers) {
    const i = h.indexOf(':');
    add(h.slice(0, i), h.slice(i + 1).trim());
  }
  return [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * traefik/whoami (app.go main's mux): `/health` answers 200 with no body, `/bench` `1`,
 * `/api` the request as JSON (apiHandler, Data's fields in order, empty ones left out); every
 * other path the whoami text, which `echo(uri)` builds. /data, /echo (WebSocket),
 * /openapi.yaml and the gRPC service are not modelled.
 */
export function whoamiAnswer(req: ServedRequest, date: string, who: { hostname: string; ips: string[]; remoteAddr: string }, echo: (uri: string) => string): ServedResponse | Unsimulated {
  const path = routePath(req.target);
  switch (path) {
    case '/health':
      return goResponse('HTTP/1.1 200 OK', date, '');
    case '/bench':
      return goResponse('HTTP/1.1 200 OK', date, '1', ['Connection: keep-alive', 'Content-Type: text/plain']);
    case '/api': {
      const fields = [
        `"hostname":${jsonString(who.hostname)}`,
        `"ip":[${who.ips.map(jsonString).join(',')}]`,
        `"headers":{${headerMap(req).map(([k, vs]) => `${jsonString(k)}:[${vs.map(jsonString).join(',')}]`).join(',')}}`,
        `"url":${jsonString(goRequestURI(req.target))}`,
        `"host":${jsonString(req.host)}`,
        '"method":"GET"',
        `"remoteAddr":${jsonString(who.remoteAddr)}`,
      ];
      return goResponse('HTTP/1.1 200 OK', date, `{${fields.join(',')}}\n`, ['Content-Type: application/json']);
    }
    case '/data':
    case '/echo':
    case '/openapi.yaml':
      return { unsimulated: `svcsim: whoami's ${path} is not simulated (its / answer, /api, /health and /bench are)` };
  }
  if (path.startsWith('/whoami.Whoami/')) return { unsimulated: "svcsim: whoami's gRPC service is not simulated" };
  return goResponse('HTTP/1.1 200 OK', date, echo(goRequestURI(req.target)));
}
