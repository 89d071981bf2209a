/** API server defaulting (stub; filled in shortly). */
import type { KubeObject } from '../../api/objects.ts';
import type { ClusterSettings } from '../types.ts';

export function applyDefaults<T extends KubeObject>(obj: T, settings: ClusterSettings): T {
  void settings;
  return structuredClone(obj);
}
