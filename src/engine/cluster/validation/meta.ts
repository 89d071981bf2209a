/**
 * ObjectMeta, labels, annotations and label selectors, after kubernetes/apimachinery v0.33
 * `pkg/api/validation/objectmeta.go` and `pkg/apis/meta/v1/validation/validation.go`.
 * Go iterates maps in random order; svcsim reports map entries in sorted key order so that the
 * same input always gives the same message.
 */
import type { FieldError } from '../../api/status.ts';
import type { LabelSelector, ObjectMeta } from '../../api/meta.ts';
import { forbidden, invalid, pushInvalid, required, tooLong } from './field-error.ts';
import { isDNS1123Label, isQualifiedName, isValidLabelValue, maskTrailingDash } from './formats.ts';
import { renderInt, renderString } from './render-value.ts';

/** A metadata.name rule: returns the violated messages. */
export type NameRule = (name: string) => readonly string[];

const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

/** Whether every label key and value is valid, checked without building the sorted key list. */
function labelsValid(labels: Readonly<Record<string, string>>): boolean {
  for (const k in labels) if (isQualifiedName(k).length || isValidLabelValue(String(labels[k])).length) return false;
  return true;
}

export function validateLabels(labels: Readonly<Record<string, string>> | undefined, path: string, out: FieldError[]): void {
  if (!labels || labelsValid(labels)) return;
  // Errors are reported in key order, as Go's sorted map iteration gives them.
  const keys = Object.keys(labels);
  if (keys.length > 1) keys.sort();
  for (const k of keys) {
    // The value is rendered only for an error message (most labels have none).
    const keyErrors = isQualifiedName(k);
    if (keyErrors.length) pushInvalid(out, path, renderString(k), keyErrors);
    const v = String(labels[k]);
    const valueErrors = isValidLabelValue(v);
    if (valueErrors.length) pushInvalid(out, path, renderString(v), valueErrors);
  }
}

export function validateAnnotations(annotations: Readonly<Record<string, string>> | undefined, path: string, out: FieldError[]): void {
  if (!annotations) return;
  let size = 0;
  let valid = true;
  for (const k in annotations) {
    if (isQualifiedName(k.toLowerCase()).length) valid = false;
    size += k.length + String(annotations[k]).length;
  }
  if (valid) {
    if (size > TOTAL_ANNOTATION_SIZE_LIMIT) out.push(tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT));
    return;
  }
  const keys = Object.keys(annotations);
  if (keys.length > 1) keys.sort();
  size = 0;
  for (const k of keys) {
    const keyErrors = isQualifiedName(k.toLowerCase());
    if (keyErrors.length) pushInvalid(out, path, renderString(k), keyErrors);
    size += k.length + String(annotations[k]).length;
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) out.push(tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT));
}

/**
 * ValidateObjectMeta. `namespaced` objects need metadata.namespace (a DNS-1123 label); for
 * cluster-scoped kinds the API server clears a namespace before validation, so none is checked.
 */
export function validateObjectMeta(meta: ObjectMeta | undefined, namespaced: boolean, nameRule: NameRule, out: FieldError[]): void {
  const m: ObjectMeta = meta ?? { name: '' };
  if (m.generateName) pushInvalid(out, 'metadata.generateName', renderString(m.generateName), nameRule(maskTrailingDash(m.generateName)));
  if (!m.name) out.push(required('metadata.name', 'name or generateName is required'));
  else {
    const nameErrors = nameRule(m.name);
    if (nameErrors.length) pushInvalid(out, 'metadata.name', renderString(m.name), nameErrors);
  }
  if (namespaced) {
    if (!m.namespace) out.push(required('metadata.namespace'));
    else {
      const nsErrors = isDNS1123Label(m.namespace);
      if (nsErrors.length) pushInvalid(out, 'metadata.namespace', renderString(m.namespace), nsErrors);
    }
  }
  if (m.generation !== undefined && m.generation < 0) out.push(invalid('metadata.generation', renderInt(m.generation), 'must be greater than or equal to 0'));
  validateLabels(m.labels, 'metadata.labels', out);
  validateAnnotations(m.annotations, 'metadata.annotations', out);
}

/** ValidateObjectMetaUpdate: identity fields may not change (`field is immutable`). */
export function validateObjectMetaUpdate(next: ObjectMeta, old: ObjectMeta, out: FieldError[]): void {
  if (next.generation !== undefined && old.generation !== undefined && next.generation < old.generation) {
    out.push(invalid('metadata.generation', renderInt(next.generation), 'must not be decremented'));
  }
  if (next.name !== old.name) out.push(invalid('metadata.name', renderString(next.name ?? ''), 'field is immutable'));
  if ((next.namespace ?? '') !== (old.namespace ?? '')) out.push(invalid('metadata.namespace', renderString(next.namespace ?? ''), 'field is immutable'));
  if (next.uid !== undefined && old.uid !== undefined && next.uid !== old.uid) out.push(invalid('metadata.uid', renderString(next.uid), 'field is immutable'));
  validateLabels(next.labels, 'metadata.labels', out);
  validateAnnotations(next.annotations, 'metadata.annotations', out);
}

/** ValidateLabelSelector (strict: label values in expressions are checked). */
export function validateLabelSelector(sel: LabelSelector | undefined, path: string, out: FieldError[]): void {
  if (!sel) return;
  validateLabels(sel.matchLabels, `${path}.matchLabels`, out);
  const exprs = sel.matchExpressions ?? [];
  for (let i = 0; i < exprs.length; i++) {
    const e = exprs[i];
    const p = `${path}.matchExpressions[${i}]`;
    const values = e.values ?? [];
    switch (e.operator as string) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) out.push(required(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) out.push(forbidden(`${p}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        break;
      default:
        // a named string type: %#v prints it quoted
        out.push(invalid(`${p}.operator`, renderString(String(e.operator ?? '')), 'not a valid selector operator'));
    }
    pushInvalid(out, `${p}.key`, renderString(e.key ?? ''), isQualifiedName(e.key ?? ''));
    for (let j = 0; j < values.length; j++) pushInvalid(out, `${p}.values[${j}]`, renderString(values[j]), isValidLabelValue(values[j]));
  }
}

/** Does a selector match a label set (metav1.LabelSelectorAsSelector + Matches)? */
export function selectorMatches(sel: LabelSelector, labels: Readonly<Record<string, string>> | undefined): boolean {
  const l = labels ?? {};
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(l, e.key);
    const vals = e.values ?? [];
    switch (e.operator) {
      case 'In': if (!has || !vals.includes(l[e.key])) return false; break;
      case 'NotIn': if (has && vals.includes(l[e.key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
    }
  }
  return true;
}
