/** The kernel lab (issue 6): a scenario as network namespaces, as data and as a shell script. */
export { buildLab, UNDECLARED_PORT } from './build.ts';
export type { LabInput } from './build.ts';
export { etcPath, labCommand, staysInLab, shellWord } from './command.ts';
export { dnsTableFile, renderLabScript, serverArgv, teardownLine } from './script.ts';
export { labDnsNames, labDnsTable, labPodDnsConfig, type LabDnsTable, type LabDnsAnswer, type LabDnsRecord } from './dns-table.ts';
export { POD_NSSWITCH } from './build.ts';
export type { ScriptOptions } from './script.ts';
export { DEFAULT_PREFIX, labNames, validPrefix } from './names.ts';
export { withProxyMode } from '../scenario/proxy-mode.ts';
export { labUpdate, type LabUpdate } from './update.ts';
export type * from './types.ts';
