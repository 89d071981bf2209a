/**
 * svcsim's engine: the only door for the UI and the CLI.
 *
 * A `Session` is one simulated cluster: load a scenario into it, run console lines
 * (`kubectl ...`, later `curl`, `iptables-save` ...) against it, read its state.
 */
export type * from './api/index.ts';
export { formatFieldError, formatFieldErrors } from './api/status.ts';
export type { ClusterReader, ClusterSettings, ClusterEvent } from './cluster/types.ts';
export type { LineResult, FileReader, RunOptions } from './shell/types.ts';
export { Session, createSession } from './session.ts';
export { formatTrace } from './dataplane/format-trace.ts';
export type { Trace, Hop, HopAction, HopPlace, TraceResult, TraceEndpoint, TraceSource } from './dataplane/trace.ts';
export type { L4Protocol, Packet } from './net/packet.ts';
export type { SessionOptions, LoadResult, ScenarioProblem } from './session.ts';
