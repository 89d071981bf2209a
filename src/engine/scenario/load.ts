/** A scenario text -> a running cluster with the scenario's objects applied. */
import type { Scenario } from '../api/scenario.ts';
import { createCluster, deriveSettings, type Cluster } from '../cluster/index.ts';
import { decodeKubeProxyConfiguration } from '../manifest/index.ts';
import { renderErrors, statusErr } from '../shell/kubectl/errors.ts';
import { readScenario, type ScenarioProblem } from './read-scenario.ts';

/** The simulated clock's start: an afternoon in the Kubernetes v1.33 era. */
export const SESSION_EPOCH = Date.UTC(2025, 5, 2, 14, 0, 0);

export const DEFAULT_SEED = 1;

export interface LoadedScenario {
  cluster: Cluster;
  scenario?: Scenario;
  problems: ScenarioProblem[];
}

export function loadScenario(text: string, file: string, seedOverride?: number): LoadedScenario {
  const parts = readScenario(text, file);
  const problems = [...parts.problems];
  const { settings, problems: settingProblems } = deriveSettings({
    clusterConfiguration: parts.clusterConfiguration,
    kubeProxyConfiguration: parts.kubeProxyConfiguration,
    decodeKubeProxyConfiguration,
  });
  for (const message of settingProblems) problems.push({ message });
  if (parts.flannelBackend !== undefined) {
    if (parts.flannelBackend === 'host-gw') settings.cni = 'flannel-host-gw';
    else if (parts.flannelBackend !== 'vxlan') problems.push({ message: `svcsim: flannel backend "${parts.flannelBackend}" is not simulated; vxlan and host-gw are` });
  }
  const cluster = createCluster({
    settings,
    seed: seedOverride ?? parts.scenario?.seed ?? DEFAULT_SEED,
    now: SESSION_EPOCH,
    base: parts.scenario?.base ?? 'default',
    nodes: parts.nodes,
  });
  // One reconcile for the whole scenario, as after a `kubectl apply -f` of a directory.
  cluster.batch(() => {
    for (const { object, doc } of parts.objects) {
      const r = cluster.apply(object);
      if (r.ok) continue;
      const field = r.error.causes?.[0]?.field;
      problems.push({
        message: renderErrors([statusErr(r.error, 'creating', file)]).trimEnd(),
        position: (field && doc.positionOf(field)) || doc.position,
      });
    }
  });
  return { cluster, scenario: parts.scenario, problems };
}
