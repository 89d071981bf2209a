/**
 * The contract every kube-proxy mode implements (STYLE.md: a shared front end, one folder per
 * mode). A backend compiles the shared ProxyState into one node's tables; the packet walker asks
 * a backend for a node's tables and evaluates packets against them with the mode's evaluator
 * (for iptables, the generic engine in net/iptables after `assembleNode` merges kube-proxy's
 * part with kubelet's and the CNI's).
 */
import type { ProxyMode } from '../api/config.ts';
import type { ProxyNode } from './proxy-node.ts';
import type { ProxyState } from './proxy-state.ts';
import type { IptablesNodeTables } from './iptables/node-tables.ts';

/** What one mode's kube-proxy has written on one node. One variant per mode (ipvs, nftables, userspace to come). */
export type NodeProxyTables = IptablesNodeTables;

export interface ProxyBackend<T extends NodeProxyTables = NodeProxyTables> {
  readonly mode: ProxyMode;
  /**
   * The node's tables for the current state. Repeated calls with an unchanged state return the
   * same object; after a change only what changed is rebuilt, and what is the same on every
   * node is built once and shared.
   */
  compile(state: ProxyState, node: ProxyNode): T;
}
