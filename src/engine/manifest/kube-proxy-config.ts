/**
 * The `config.conf` key of the kube-system/kube-proxy ConfigMap, read the way kube-proxy
 * v1.33 reads it (cmd/kube-proxy/app/server.go loadConfig): a strict decode first; if that
 * fails only for unknown or duplicate fields, a lenient decode is used and the strict error
 * is logged ("Using lenient decoding as strict decoding failed"). Other errors are fatal.
 */
import type { KubeProxyConfiguration } from '../api/config.ts';
import { kindSchema } from '../api/schema/index.ts';
import { parseChunk } from './go-yaml.ts';
import { goJSON } from './json-tree.ts';
import { strictDecode } from './strict-decode.ts';

export interface KubeProxyConfigResult {
  config?: KubeProxyConfiguration;
  /** Fatal: kube-proxy would exit with `failed to decode: <error>`. */
  errors: string[];
  /** Logged by kube-proxy, which carries on with the leniently decoded configuration. */
  warnings: string[];
}

const API_VERSION = 'kubeproxy.config.k8s.io/v1alpha1';

export function decodeKubeProxyConfiguration(text: string): KubeProxyConfigResult {
  const parsed = parseChunk(text.replace(/\r\n/g, '\n'));
  const warnings = parsed.duplicates.map((d) => `strict decoding error: duplicate field "${d.path}"`);
  if (parsed.error) return { errors: [`error converting YAML to JSON: ${parsed.error.message}`], warnings };
  const root = parsed.root;
  if (!root || root.k !== 'map') return { errors: [`Object 'Kind' is missing in '${root ? goJSON(root) : 'null'}'`], warnings };
  const get = (k: string) => {
    const v = root.entries.find((e) => e.key === k)?.value;
    return v?.k === 'str' ? v.v : '';
  };
  if (!get('kind')) return { errors: [`Object 'Kind' is missing in '${goJSON(root)}'`], warnings };
  const ks = kindSchema(get('apiVersion'), get('kind'));
  if (!ks || ks.kind !== 'KubeProxyConfiguration') {
    // runtime.notRegisteredErr; kube-proxy's message goes on with ` in scheme "<its scheme name>"`, left out here.
    return { errors: [`no kind "${get('kind')}" is registered for version "${get('apiVersion')}"`], warnings };
  }
  const decoded = strictDecode(root, ks.schema);
  if (decoded.typeError) return { errors: [decoded.typeError.message], warnings };
  if (decoded.unknown.length > 0) warnings.push(`strict decoding error: ${decoded.unknown.map((u) => u.message).join(', ')}`);
  return { config: { ...decoded.value, apiVersion: API_VERSION, kind: 'KubeProxyConfiguration' } as KubeProxyConfiguration, errors: [], warnings };
}
