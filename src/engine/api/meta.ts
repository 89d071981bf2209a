/**
 * Object metadata shared by every kind, with the Kubernetes field names
 * (k8s.io/apimachinery/pkg/apis/meta/v1/types.go). Objects are plain data:
 * the engine never mutates one after it is stored; a change makes a new one.
 */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  /** RFC 3339, from the simulated clock. */
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
}

export interface TypeMeta {
  apiVersion: string;
  kind: string;
}

export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

/** Where a value came from in the scenario text, for editor marks. */
export interface SourcePosition {
  /** File name as the user named it (`-f` argument or the editor's tab). */
  file?: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}
