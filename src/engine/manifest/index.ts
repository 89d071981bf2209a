/**
 * The manifest layer: scenario and `kubectl apply -f` text -> typed objects, with every
 * problem worded as kubectl v1.33 / kube-apiserver v1.33 word it and placed at its line.
 *
 * Multi-document files: kubectl reads documents in order and stops at the first YAML syntax
 * or validation (apiVersion/kind) error. The documents read before it are still created or
 * applied (apply collects them, then applies them; create sends each as it goes); the
 * failing document and the rest are not (`ManifestDocument.reached`). Errors of one
 * document only (unknown kind, strict decoding, too large) leave the others untouched.
 */
export { parseManifests, MAX_INPUT_CHARS } from './parse.ts';
export { decodeKubeProxyConfiguration } from './kube-proxy-config.ts';
export type { KubeProxyConfigResult } from './kube-proxy-config.ts';
export type { ManifestDocument, ManifestError, ManifestWarning, ParseResult } from './types.ts';
export { MAX_REQUEST_BODY_BYTES } from './kubectl-messages.ts';
/** For the shell: `kubectl apply -f` of a non-served kind (KubeProxyConfiguration, Scenario ...) fails with this. */
export { mappingNotFound } from './kubectl-messages.ts';
