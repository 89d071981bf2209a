/**
 * What answers in a pod: a server like traefik/whoami (app.go whoamiHandler), which says who it
 * is and the source address it saw, so SNAT shows in plain curl output.
 */
import type { PodNetwork } from '../net/netns.ts';

export function whoamiBody(opts: {
  pod: string;
  podNet: PodNetwork | undefined;
  remote: string;
  host: string;
  /** undefined: the client sent none (Go's Request.Write then writes its own default). */
  userAgent: string | undefined;
  /** The request's other header lines as Go writes them back (sorted by name): curl sends Accept, busybox wget Connection. */
  headers?: readonly string[];
  /** The request-target as Go's Request.Write prints it (`/healthz?x=1`); `/` when absent. */
  uri?: string;
}): string {
  const lines = [`Hostname: ${opts.pod}`];
  // Every address of every interface, IPv4 before IPv6 on each (getIPs).
  for (const i of opts.podNet?.interfaces ?? []) {
    for (const a of i.inet) lines.push(`IP: ${a.address}`);
    for (const a of i.inet6) lines.push(`IP: ${a.address}`);
  }
  lines.push(`RemoteAddr: ${opts.remote}`);
  // The request as Go's Request.Write prints it, with CRLF line ends.
  // Request.Write: Go's default User-Agent for a request that had none, none for an empty one.
  const ua = opts.userAgent === undefined ? ['User-Agent: Go-http-client/1.1'] : opts.userAgent === '' ? [] : [`User-Agent: ${opts.userAgent}`];
  const request = [`GET ${opts.uri ?? '/'} HTTP/1.1`, `Host: ${opts.host}`, ...ua, ...(opts.headers ?? ['Accept: */*']), ''].join('\r\n');
  return `${lines.join('\n')}\n${request}\r\n`;
}
