/**
 * The userspace proxier's settings (kube-proxy <= v1.25, removed in v1.26): the
 * KubeProxyConfiguration fields it read (cmd/kube-proxy/app/server_others.go v1.25:
 * userspace.NewProxier(NewLoadBalancerRR(), ParseIPSloppy(config.BindAddress), ...,
 * ParsePortRangeOrDie(config.PortRange), ..., config.UDPIdleTimeout.Duration, ...)).
 * Defaults from pkg/proxy/apis/config/v1alpha1/defaults.go: bindAddress 0.0.0.0,
 * udpIdleTimeout 250ms, portRange "" (the kernel picks a free port).
 */
import type { KubeProxyConfiguration } from '../../api/config.ts';
import { parseGoDuration } from '../../api/go-duration.ts';
import { parseIPv4 } from '../../net/ipv4.ts';

export interface PortRange {
  base: number;
  size: number;
}

export interface UserspaceConfig {
  /** --bind-address: 0.0.0.0 listens on every address and portals REDIRECT; a specific IP makes them DNAT to it. */
  bindAddress: string;
  /** --proxy-port-range; undefined: the kernel's random free port (port_allocator.go randomAllocator). */
  portRange?: PortRange;
  /** --udp-timeout: how long an idle UDP client keeps its backend socket. */
  udpIdleTimeoutMs: number;
}

export const DEFAULT_USERSPACE_CONFIG: UserspaceConfig = { bindAddress: '0.0.0.0', udpIdleTimeoutMs: 250 };

/** proxier.go ErrProxyOnLocalhost, returned by NewProxier for a loopback bind address. */
export const ERR_PROXY_ON_LOCALHOST = 'cannot proxy on localhost';

/**
 * k8s.io/apimachinery/pkg/util/net PortRange.Set: `N`, `N-M` or `N+offset`; "" is no range.
 * Returns the range, undefined for "", or the error text.
 */
export function parsePortRange(text: string): PortRange | undefined | { error: string } {
  const value = text.trim();
  if (value === '') return undefined;
  const hyphen = value.indexOf('-');
  const plus = value.indexOf('+');
  const int = (s: string) => (/^[+-]?\d+$/.test(s) ? Number(s) : NaN);
  let low: number;
  let high: number;
  if (hyphen < 0 && plus < 0) low = high = int(value);
  else if (hyphen >= 0 && plus < 0) {
    low = int(value.slice(0, hyphen));
    high = int(value.slice(hyphen + 1));
  } else if (plus >= 0 && hyphen < 0) {
    low = int(value.slice(0, plus));
    high = low + int(value.slice(plus + 1));
  } else return { error: `unable to parse port range: ${value}` };
  if (Number.isNaN(low) || Number.isNaN(high)) return { error: `unable to parse port range: ${value}` };
  if (low > 65535 || high > 65535) return { error: `the port range cannot be greater than 65535: ${value}` };
  if (high < low) return { error: `end port cannot be less than start port: ${value}` };
  return { base: low, size: 1 + high - low };
}

/** Go's time.ParseDuration in milliseconds (`250ms`, `1s`, `1m30s`); undefined when not a duration. */
export function parseDurationMs(text: string): number | undefined {
  const d = parseGoDuration(text.trim());
  return 'error' in d ? undefined : d.ns / 1e6;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** The settings a KubeProxyConfiguration gives, or the error kube-proxy exits with. */
export function userspaceConfigFrom(kpc: KubeProxyConfiguration): UserspaceConfig | { error: string } {
  const bindAddress = str(kpc.bindAddress)?.trim() || '0.0.0.0';
  const ip = parseIPv4(bindAddress);
  if (ip === undefined) return { error: `invalid bind address: ${bindAddress}` };
  if (bindAddress === '127.0.0.1') return { error: ERR_PROXY_ON_LOCALHOST };
  const range = parsePortRange(str(kpc.portRange) ?? '');
  if (range && 'error' in range) return range;
  const idle = str(kpc.udpIdleTimeout);
  const udpIdleTimeoutMs = idle === undefined ? 250 : parseDurationMs(idle);
  if (udpIdleTimeoutMs === undefined) return { error: `time: invalid duration "${idle}"` };
  // defaults.go: a zero duration is replaced by the default.
  return { bindAddress, ...(range ? { portRange: range } : {}), udpIdleTimeoutMs: udpIdleTimeoutMs === 0 ? 250 : udpIdleTimeoutMs };
}
