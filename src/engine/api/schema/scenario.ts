/** svcsim's own Scenario kind (svcsim.dev/v1alpha1, see ../scenario.ts), decoded as strictly as the rest. */
import { int64, list, named, str, stringMap, struct } from './build.ts';
import { objectMeta } from './meta.ts';

export const scenario = struct(
  'Scenario',
  {
    apiVersion: str,
    kind: str,
    metadata: objectMeta,
    title: str,
    description: str,
    seed: int64,
    base: named('v1alpha1.ScenarioBase'),
    clients: list(struct('ScenarioClient', { name: str, ip: str }, 'v1alpha1')),
    files: stringMap,
    steps: list(struct('LessonStep', { run: str, say: str }, 'v1alpha1')),
  },
  'v1alpha1',
);
