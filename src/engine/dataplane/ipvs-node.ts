/**
 * ipvs mode on a node: kube-proxy's desired state (proxy/ipvs) loaded into the node's IPVS
 * kernel table (net/ipvs). The kernel table outlives kube-proxy's syncs, restarts and even a
 * switch to another mode that does not clean it up: its connections and counters are kernel state.
 */
import type { KubeProxyConfiguration } from '../api/config.ts';
import { IpvsKernel } from '../net/ipvs/kernel.ts';
import { IpvsBackend } from '../proxy/ipvs/backend.ts';
import type { IpvsNodeState } from '../proxy/ipvs/compile.ts';
import { ipvsConfigFrom } from '../proxy/ipvs/config.ts';
import type { ProxyNode } from '../proxy/proxy-node.ts';
import type { ProxyState } from '../proxy/proxy-state.ts';

/** A node's ipvs state with the kernel table it is loaded into. */
export interface IpvsNodeView {
  readonly state: IpvsNodeState;
  readonly kernel: IpvsKernel;
}

export class IpvsProxy {
  private readonly backend: IpvsBackend;
  private readonly views = new Map<string, IpvsNodeView>();

  constructor(
    config: KubeProxyConfiguration,
    private readonly kernels: Map<string, IpvsKernel>,
  ) {
    this.backend = new IpvsBackend(ipvsConfigFrom(config));
  }

  compile(state: ProxyState, node: ProxyNode): IpvsNodeView {
    const s = this.backend.compile(state, node);
    const cached = this.views.get(node.name);
    if (cached?.state === s) return cached;
    let kernel = this.kernels.get(node.name);
    if (!kernel) this.kernels.set(node.name, (kernel = new IpvsKernel(s.table, s.kernelOptions)));
    else kernel.load(s.table);
    const view: IpvsNodeView = { state: s, kernel };
    this.views.set(node.name, view);
    return view;
  }
}
