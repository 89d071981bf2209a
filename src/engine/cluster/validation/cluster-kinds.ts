/**
 * Namespace, Node and ConfigMap rules (kubernetes pkg/apis/core/validation/validation.go:
 * ValidateNamespace, ValidateNode, ValidateConfigMap).
 */
import type { ConfigMap, Namespace, Node } from '../../api/core.ts';
import type { FieldError } from '../../api/status.ts';
import { forbidden, invalid, notSupported, pushInvalid, required, tooLong } from './field-error.ts';
import { isConfigMapKey, isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue } from './formats.ts';
import { INVALID_CIDR_MSG, isValidCIDR } from './ip.ts';
import { validateObjectMeta } from './meta.ts';
import { renderString } from './render-value.ts';

const MAX_CONFIG_SIZE = 1024 * 1024;
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

export function validateNamespace(ns: Namespace): FieldError[] {
  const out: FieldError[] = [];
  validateObjectMeta(ns.metadata, false, isDNS1123Label, out);
  return out;
}

export function validateNode(node: Node): FieldError[] {
  const out: FieldError[] = [];
  validateObjectMeta(node.metadata, false, isDNS1123Subdomain, out);
  const taints = node.spec?.taints ?? [];
  for (let i = 0; i < taints.length; i++) {
    // Upstream builds this path from `metadata`, hence `metadata.taints[i]`.
    const p = `metadata.taints[${i}]`;
    const t = taints[i];
    pushInvalid(out, `${p}.key`, renderString(t.key ?? ''), isQualifiedName(t.key ?? ''));
    const vmsgs = isValidLabelValue(t.value ?? '');
    if (vmsgs.length > 0) out.push(invalid(`${p}.value`, renderString(t.value ?? ''), vmsgs.join(';')));
    const effect = (t.effect as string | undefined) ?? '';
    if (!effect) out.push(required(`${p}.effect`));
    else if (!TAINT_EFFECTS.includes(effect)) out.push(notSupported(`${p}.effect`, renderString(effect), TAINT_EFFECTS));
  }
  const cidrs = node.spec?.podCIDRs ?? [];
  for (let i = 0; i < cidrs.length; i++) {
    if (!isValidCIDR(cidrs[i])) out.push(invalid(`spec.podCIDRs[${i}]`, renderString(cidrs[i]), INVALID_CIDR_MSG));
  }
  return out;
}

export function validateConfigMap(cm: ConfigMap): FieldError[] {
  const out: FieldError[] = [];
  validateObjectMeta(cm.metadata, true, isDNS1123Subdomain, out);
  let size = 0;
  const data = cm.data ?? {};
  const binary = cm.binaryData ?? {};
  for (const key of Object.keys(data).sort()) {
    pushInvalid(out, `data[${key}]`, renderString(key), isConfigMapKey(key));
    if (Object.prototype.hasOwnProperty.call(binary, key)) out.push(invalid(`data[${key}]`, renderString(key), 'duplicate of key present in binaryData'));
    size += String(data[key]).length;
  }
  for (const key of Object.keys(binary).sort()) {
    pushInvalid(out, `binaryData[${key}]`, renderString(key), isConfigMapKey(key));
    size += String(binary[key]).length;
  }
  if (size > MAX_CONFIG_SIZE) out.push(tooLong('', MAX_CONFIG_SIZE));
  return out;
}

/** ConfigMapUpdate: once `immutable: true`, data may not change. */
export function validateConfigMapUpdate(next: ConfigMap, old: ConfigMap, out: FieldError[]): void {
  if (old.immutable !== true) return;
  if (next.immutable !== true) out.push(forbidden('immutable', 'field is immutable when `immutable` is set'));
  if (JSON.stringify(next.data ?? null) !== JSON.stringify(old.data ?? null)) out.push(forbidden('data', 'field is immutable when `immutable` is set'));
  if (JSON.stringify(next.binaryData ?? null) !== JSON.stringify(old.binaryData ?? null)) out.push(forbidden('binaryData', 'field is immutable when `immutable` is set'));
}
