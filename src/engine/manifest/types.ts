/** What the manifest layer hands to the shell, the scenario loader and the editor. */
import type { SourcePosition } from '../api/meta.ts';
import type { ManifestObject } from '../api/objects.ts';
import type { StatusError } from '../api/status.ts';

export interface ManifestError {
  /**
   * 'client': kubectl itself refuses (YAML syntax, kind not set, no matches for kind);
   * 'server': the API server answers with an error status (strict decoding, wrong types, too large).
   */
  stage: 'client' | 'server';
  /**
   * For client errors: the whole text kubectl prints (may hold two lines), e.g.
   * `error: error parsing svc.yaml: error converting YAML to JSON: yaml: line 5: mapping values are not allowed in this context`.
   * For server errors: the status message without kubectl's prefix.
   */
  message: string;
  /** For server errors: the status (BadRequest 400, RequestEntityTooLarge 413). The shell adds
   * `Error from server (BadRequest): error when creating "file": `. */
  status?: StatusError;
  position?: SourcePosition;
}

/** Something kubectl accepts silently but a reader would want to know (never printed as kubectl output). */
export interface ManifestWarning {
  message: string;
  position?: SourcePosition;
}

export interface ManifestDocument {
  /** 0-based index among the documents of the stream (a List's items each get their own). */
  index: number;
  /** Decoded, typed, exactly as written (no defaults); absent when the document failed. */
  object?: ManifestObject;
  errors: ManifestError[];
  /** Duplicate keys and other things kubectl lets through without a word. */
  warnings: ManifestWarning[];
  /**
   * Whether kubectl reaches this document: kubectl reads a file document by document and
   * stops at the first YAML syntax or validation error (the stream's `errors`); the
   * documents before it are still created or applied, this one and the rest are not.
   * Unreached documents are still decoded so the editor can mark their problems.
   */
  reached: boolean;
  /** The kind is one the API server serves (false for KubeProxyConfiguration, ClusterConfiguration, Scenario). */
  served: boolean;
  /** Where the document (or List item) starts. */
  position: SourcePosition;
  /** `spec.ports[0].port` -> where that key (or list item) is written; the nearest written ancestor if absent. */
  positionOf(fieldPath: string): SourcePosition | undefined;
}

export interface ParseResult {
  documents: ManifestDocument[];
  /** At most one: the error that stopped kubectl reading the stream (kubectl prints it after the reached documents' results). */
  errors: ManifestError[];
}
