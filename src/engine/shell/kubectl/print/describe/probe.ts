/**
 * DescribeProbe (kubectl v1.33 pkg/describe/describe.go): one line per probe. The timings are
 * the API server's defaults when a manifest leaves them out (pkg/apis/core/v1/defaults.go
 * SetDefaults_Probe: timeout 1s, period 10s, success 1, failure 3), since a stored pod always
 * carries them.
 */
import type { IntOrString } from '../../../../api/core.ts';

export interface Probe {
  exec?: { command?: string[] };
  httpGet?: { path?: string; port?: IntOrString; host?: string; scheme?: string };
  tcpSocket?: { port?: IntOrString; host?: string };
  grpc?: { port: number; service?: string };
  initialDelaySeconds?: number;
  timeoutSeconds?: number;
  periodSeconds?: number;
  successThreshold?: number;
  failureThreshold?: number;
}

/** net.JoinHostPort. */
function joinHostPort(host: string, port: string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** url.URL.EscapedPath for a path with no RawPath: Go's shouldEscape in encodePath mode. */
function escapePath(path: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(path)) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~$&+,/:;=@]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** url.URL.String() for scheme, host and path only. */
function urlString(scheme: string, host: string, path: string): string {
  let s = scheme ? `${scheme}:` : '';
  const p = escapePath(path);
  if ((scheme || host) && (host || p)) s += `//${host}`;
  if (p && p[0] !== '/' && host) s += '/';
  return s + p;
}

export function describeProbe(probe: Probe): string {
  const attrs = `delay=${probe.initialDelaySeconds ?? 0}s timeout=${probe.timeoutSeconds ?? 1}s period=${probe.periodSeconds ?? 10}s #success=${probe.successThreshold ?? 1} #failure=${probe.failureThreshold ?? 3}`;
  if (probe.exec) return `exec [${(probe.exec.command ?? []).join(' ')}] ${attrs}`;
  if (probe.httpGet) {
    const g = probe.httpGet;
    const port = g.port === undefined ? '' : String(g.port);
    const host = port.length > 0 ? joinHostPort(g.host ?? '', port) : g.host ?? '';
    return `http-get ${urlString((g.scheme ?? 'HTTP').toLowerCase(), host, g.path ?? '')} ${attrs}`;
  }
  if (probe.tcpSocket) return `tcp-socket ${probe.tcpSocket.host ?? ''}:${probe.tcpSocket.port ?? ''} ${attrs}`;
  if (probe.grpc) return `grpc <pod>:${probe.grpc.port} ${probe.grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}
