/** svcsim's own kind (svcsim.dev/v1alpha1): what no Kubernetes kind says about a scenario. */
import type { ObjectMeta, TypeMeta } from './meta.ts';

export interface ScenarioClient {
  /** Host name used in the console (`ssh NAME CMD`). */
  name: string;
  /** The client's address, outside the cluster. */
  ip: string;
}

export interface LessonStep {
  /** A console line to run. */
  run?: string;
  /** Narration shown with the step. */
  say?: string;
}

export interface Scenario extends TypeMeta {
  apiVersion: 'svcsim.dev/v1alpha1';
  kind: 'Scenario';
  metadata?: Partial<ObjectMeta>;
  title?: string;
  description?: string;
  seed?: number;
  /** `default` adds the embedded cluster; `empty` starts from only what the scenario says. */
  base?: 'default' | 'empty';
  clients?: ScenarioClient[];
  /** Files on the control-plane host, for `cat` and `kubectl apply -f PATH` in the console. */
  files?: Record<string, string>;
  steps?: LessonStep[];
}
