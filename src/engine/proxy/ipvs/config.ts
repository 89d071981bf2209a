/**
 * The ipvs proxier's settings from a KubeProxyConfiguration (cmd/kube-proxy server_linux.go
 * passes config.IPVS.Scheduler, StrictARP, ExcludeCIDRs, TCPTimeout, TCPFinTimeout,
 * UDPTimeout, config.IPTables.MasqueradeAll and MasqueradeBit, the local-traffic detector and
 * NodePortAddresses to ipvs.NewDualStackProxier). The scheduler name is passed through
 * unvalidated; an empty one means rr.
 */
import type { KubeProxyConfiguration } from '../../api/config.ts';
import { parseGoDuration } from '../../api/go-duration.ts';
import { SCHEDULERS } from '../../net/ipvs/types.ts';
import type { SchedulerName } from '../../net/ipvs/types.ts';
import { iptablesConfigFrom, masqueradeMark } from '../iptables/config.ts';
import type { IptablesProxyConfig } from '../iptables/config.ts';

export interface IpvsProxyConfig {
  scheduler: SchedulerName;
  /** A scheduler name the kernel has no module for (kube-proxy fails to create its services). */
  unknownScheduler?: string;
  strictARP: boolean;
  excludeCIDRs: readonly string[];
  /** `ipvsadm --set` values in seconds; 0 leaves the kernel default. */
  tcpTimeout: number;
  tcpFinTimeout: number;
  udpTimeout: number;
  /** The local-traffic detector, masqueradeAll, the mark bit and nodePortAddresses, shared with iptables mode. */
  iptables: IptablesProxyConfig;
  /** fmt.Sprintf("%#08x", 1<<bit): `0x00004000`. */
  mark: string;
}

/** "15m", "90s", "1h0m0s" as a Go duration, in whole seconds (0 when unset, malformed or negative). */
export function durationSeconds(text: string | undefined): number {
  if (!text) return 0;
  const d = parseGoDuration(text);
  return 'error' in d || d.ns < 0 ? 0 : Math.trunc(d.ns / 1e9);
}

export function ipvsConfigFrom(kpc: KubeProxyConfiguration): IpvsProxyConfig {
  const ipt = iptablesConfigFrom(kpc);
  const name = kpc.ipvs?.scheduler ?? '';
  const known = (SCHEDULERS as readonly string[]).includes(name);
  return {
    scheduler: known ? (name as SchedulerName) : 'rr',
    ...(name !== '' && !known ? { unknownScheduler: name } : {}),
    strictARP: kpc.ipvs?.strictARP ?? false,
    excludeCIDRs: kpc.ipvs?.excludeCIDRs ?? [],
    tcpTimeout: durationSeconds(kpc.ipvs?.tcpTimeout),
    tcpFinTimeout: durationSeconds(kpc.ipvs?.tcpFinTimeout),
    udpTimeout: durationSeconds(kpc.ipvs?.udpTimeout),
    iptables: ipt,
    mark: masqueradeMark(ipt.masqueradeBit),
  };
}

export const DEFAULT_IPVS_CONFIG: IpvsProxyConfig = ipvsConfigFrom({ apiVersion: 'kubeproxy.config.k8s.io/v1alpha1', kind: 'KubeProxyConfiguration', mode: 'ipvs' });
