/** A scenario text with kube-proxy in another mode, for tests, the lab and the CLI. */

/**
 * The scenario with kube-proxy in `mode`: its own KubeProxyConfiguration gets the mode, else
 * one is added (the packet-flow tables, `svcsim lab --mode`).
 */
export function withProxyMode(scenario: string, mode: string): string {
  if (/^kind: KubeProxyConfiguration$/m.test(scenario)) {
    return scenario.replace(/^mode: .*\n/m, '').replace(/^kind: KubeProxyConfiguration$/m, `kind: KubeProxyConfiguration\nmode: ${mode}`);
  }
  const sep = scenario.trim() === '' ? '' : `${scenario.trimEnd()}\n---\n`;
  return `${sep}apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: ${mode}\n`;
}
