/** API server validation (stub; filled in shortly). */
import type { KubeObject, Kind } from '../../api/objects.ts';
import type { FieldError } from '../../api/status.ts';
import type { ClusterSettings } from '../types.ts';
import { resourceForKind } from '../../api/resources.ts';

export function validateCreate(obj: KubeObject, settings: ClusterSettings): FieldError[] {
  void obj;
  void settings;
  return [];
}

export function validateUpdate(next: KubeObject, old: KubeObject, settings: ClusterSettings): FieldError[] {
  void next;
  void old;
  void settings;
  return [];
}

export function qualifiedKind(kind: Kind): string {
  const group = resourceForKind(kind).group;
  return group ? `${kind}.${group}` : kind;
}
