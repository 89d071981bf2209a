/**
 * An object as the v1.33 apiserver encodes it where svcsim's stored form leaves something out:
 * a pod template's zero creationTimestamp. ObjectMeta.CreationTimestamp is a struct, which
 * `omitempty` does not drop, so the template's metadata carries `creationTimestamp: null`
 * (`kubectl get deploy -o yaml` shows it; only v1.34's omitzero leaves it out).
 */
import type { KubeObject } from '../../../api/objects.ts';

type WithTemplate = { spec?: { template?: { metadata?: Record<string, unknown> } } };

export function asServed(obj: KubeObject): KubeObject {
  const spec = (obj as WithTemplate).spec;
  const template = spec?.template;
  if (!template || typeof template !== 'object' || template.metadata?.creationTimestamp !== undefined) return obj;
  const served: WithTemplate = { ...obj, spec: { ...spec, template: { ...template, metadata: { creationTimestamp: null, ...template.metadata } } } };
  return served as KubeObject;
}
