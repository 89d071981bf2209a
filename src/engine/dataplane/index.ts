/** The data plane's entry for the shell and the session. */
export { DataPlane } from './world.ts';
export type { ClusterView, NodeRules } from './world.ts';
export { send } from './walk.ts';
export type { At, SendRequest } from './walk.ts';
export type * from './trace.ts';
export { whoamiBody } from './app.ts';
export { formatTrace } from './format-trace.ts';
export { HOST_SOCKETS } from './listeners.ts';
