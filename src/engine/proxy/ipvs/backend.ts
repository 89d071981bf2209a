/**
 * kube-proxy in ipvs mode as a backend (the ProxyBackend shape): one IpvsNodeState per node,
 * rebuilt when the ProxyState's version moves; what is the same on every node is built once
 * per version (see compile.ts sharedFor).
 */
import type { ProxyNode } from '../proxy-node.ts';
import type { ProxyState } from '../proxy-state.ts';
import { compileIpvsNode } from './compile.ts';
import type { IpvsNodeState } from './compile.ts';
import { DEFAULT_IPVS_CONFIG } from './config.ts';
import type { IpvsProxyConfig } from './config.ts';

export class IpvsBackend {
  readonly mode = 'ipvs' as const;
  private readonly nodes = new Map<string, { version: number; node: ProxyNode; state: ProxyState; tables: IpvsNodeState }>();

  constructor(readonly config: IpvsProxyConfig = DEFAULT_IPVS_CONFIG) {}

  /** The node's state; the same object while neither the ProxyState nor the node changed. */
  compile(state: ProxyState, node: ProxyNode): IpvsNodeState {
    const last = this.nodes.get(node.name);
    if (last && last.state === state && last.version === state.version && last.node === node) return last.tables;
    const tables = compileIpvsNode(state, node, this.config);
    this.nodes.set(node.name, { version: state.version, node, state, tables });
    return tables;
  }
}
