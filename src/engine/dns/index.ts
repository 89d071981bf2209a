/** Service discovery by DNS: CoreDNS's answers, the pod's resolver files and walk, and the tools' output. */
export type { DnsQuery, DnsResponse, ResourceRecord, RRType, Rcode } from './types.ts';
export { answer, type CoreDnsOptions } from './coredns.ts';
export { KUBEADM_V133_PLUGIN, pluginOptionsForImage, type KubernetesPluginOptions } from './kubernetes-records.ts';
export { DEFAULT_OUTSIDE_WORLD, type OutsideWorld, type OutsideName } from './outside-world.ts';
export { clusterDnsIP, DEFAULT_NODE_RESOLV_CONF, etcHosts, formatEtcHosts, formatResolvConf, podDnsConfig, type DnsConfig, type DnsConfigEvent, type HostsEntry } from './resolv-conf.ts';
export { candidates, lookupAddresses, openSocket, reverseLookup, type DnsSocket, type Libc, type LookupOutcome, type LookupResult, type Send, type SendResult, type SentQuery } from './resolver.ts';
export { recordLine, rdataText } from './record-text.ts';
export type { ToolContext, ToolOutput } from './tools/context.ts';
export { dig, parseDigArgs, type DigClock, type DigRequest } from './tools/dig.ts';
export { getentHosts } from './tools/getent.ts';
export { imageDnsFlavor, type DnsFlavor } from './tools/flavor.ts';
export { nslookupBind } from './tools/nslookup-bind.ts';
export { nslookupBusybox } from './tools/nslookup-busybox.ts';
export { nslookupBusyboxOld } from './tools/nslookup-busybox-old.ts';
