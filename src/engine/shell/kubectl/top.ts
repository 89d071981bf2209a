/**
 * kubectl top node|pod (kubernetes/kubectl v0.33 pkg/cmd/top): it asks discovery for the
 * metrics.k8s.io group first. A kubeadm cluster has no metrics-server, and neither has svcsim's,
 * so the answer is the one such a cluster gives.
 */
import { failure, type CommandOutput } from '../context.ts';
import { flagValue, type ParsedFlags } from '../flags.ts';
import { parseSelector } from '../../api/labels.ts';
import type { KubectlCommand } from './command.ts';

/** RunTopPod and RunTopNode parse -l themselves (labels.Parse) before they ask for the metrics API. */
function NO_METRICS(p: ParsedFlags): CommandOutput {
  const selector = flagValue(p, 'selector');
  const parsed = selector ? parseSelector(selector) : undefined;
  if (parsed && !parsed.ok) return failure(`error: ${parsed.error}`);
  return failure('error: Metrics API not available');
}

const TOP_FLAGS = [
  { name: 'selector', shorthand: 'l', type: 'string' as const },
  { name: 'sort-by', type: 'string' as const },
  { name: 'no-headers', type: 'bool' as const },
  { name: 'use-protocol-buffers', type: 'bool' as const },
];

export const topPod: KubectlCommand = {
  name: 'top pod',
  flags: [...TOP_FLAGS, { name: 'all-namespaces', shorthand: 'A', type: 'bool' }, { name: 'containers', type: 'bool' }, { name: 'sum', type: 'bool' }, { name: 'field-selector', type: 'string' }],
  run: NO_METRICS,
};

export const topNode: KubectlCommand = {
  name: 'top node',
  flags: [...TOP_FLAGS, { name: 'show-capacity', type: 'bool' }],
  run: NO_METRICS,
};

/** Bare `kubectl top`: cobra's group help, which svcsim does not reproduce. */
export const top: KubectlCommand = {
  name: 'top',
  flags: [],
  run: () => ({ stdout: "svcsim simulates 'kubectl top node' and 'kubectl top pod' (this cluster has no metrics-server).\n", stderr: '', exitCode: 0 }),
};
