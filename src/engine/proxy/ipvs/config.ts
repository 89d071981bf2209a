/**
 * The ipvs proxier's settings from a KubeProxyConfiguration (cmd/kube-proxy server_linux.go
 * passes config.IPVS.Scheduler, StrictARP, ExcludeCIDRs, TCPTimeout, TCPFinTimeout,
 * UDPTimeout, config.IPTables.MasqueradeAll and MasqueradeBit, the local-traffic detector and
 * NodePortAddresses to ipvs.NewDualStackProxier). The scheduler name is passed through
 * unvalidated; an empty one means rr.
 */
import type { KubeProxyConfiguration } from '../../api/config.ts';
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

/** "15m", "90s", "1h0m0s" as a Go duration, in whole seconds (0 when unset or malformed). */
export function durationSeconds(text: string | undefined): number {
  if (!text) return 0;
  let total = 0;
  const re = /(\d+(?:\.\d+)?)(h|m|s|ms)/g;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = re.exec(text))) {
    const v = Number(m[1]);
    total += m[2] === 'h' ? v * 3600 : m[2] === 'm' ? v * 60 : m[2] === 's' ? v : v / 1000;
    consumed += m[0].length;
  }
  return consumed === text.length ? Math.floor(total) : 0;
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
