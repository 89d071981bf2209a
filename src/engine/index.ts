/**
 * svcsim's engine: the only door for the UI and the CLI.
 *
 * A `Session` is one simulated cluster: load a scenario into it, run console lines
 * (`kubectl ...`, later `curl`, `iptables-save` ...) against it, read its state.
 */
export type * from './api/index.ts';
export { formatFieldError, formatFieldErrors } from './api/status.ts';
export type { ClusterReader, ClusterSettings, ClusterEvent } from './cluster/types.ts';
export type { LineResult, FileReader, DirectoryEntry, RunOptions } from './shell/types.ts';
export { Session, createSession } from './session.ts';
export { formatTrace } from './dataplane/format-trace.ts';
export type { Trace, Hop, HopAction, HopPlace, TraceResult, TraceEndpoint, TraceSource } from './dataplane/trace.ts';
export type { L4Protocol, Packet } from './net/packet.ts';
export type { SessionOptions, LoadResult, ScenarioProblem } from './session.ts';

// The kernel lab (issue 6): the scenario as network namespaces, as plain data and a shell script.
import type { Session as LabSession } from './session.ts';
import { DataPlane as LabDataPlane, type ClusterView as LabClusterView } from './dataplane/index.ts';
import { decodeKubeProxyConfiguration as decodeLabProxyConfig } from './manifest/index.ts';
import { buildLab } from './lab/index.ts';
import type { LabOptions, LabPlan } from './lab/index.ts';
export { renderLabScript, labCommand, staysInLab, shellWord, serverArgv, teardownLine, etcPath, dnsTableFile, withProxyMode, validPrefix, DEFAULT_PREFIX as DEFAULT_LAB_PREFIX, labUpdate } from './lab/index.ts';
export type { LabPlan, LabStep, LabServer, LabPlace, LabMode, LabOptions, ScriptOptions, LabUpdate } from './lab/index.ts';

/** The lab for a session's cluster as it is now: its nodes' networks and the tables svcsim generated. */
export function labPlanOf(session: LabSession, options: LabOptions = {}): LabPlan {
  // A data plane of its own over the session's cluster: the same derived networks and rules.
  const dataplane = new LabDataPlane(session.cluster as LabClusterView, 0, (text) => decodeLabProxyConfig(text).config);
  dataplane.observeKubeProxies();
  return buildLab({ cluster: session.cluster, dataplane, clients: session.clients, options });
}
