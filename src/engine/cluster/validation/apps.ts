/**
 * Deployment, ReplicaSet and DaemonSet rules, after kubernetes pkg/apis/apps/validation/validation.go
 * (ValidateDeploymentSpec, ValidateReplicaSetSpec, ValidatePodTemplateSpecForReplicaSet,
 * ValidateDaemonSetSpec, ValidateRollingUpdateDaemonSet).
 */
import type { DaemonSet, Deployment, ReplicaSet } from '../../api/apps.ts';
import type { LabelSelector } from '../../api/meta.ts';
import type { PodTemplateSpec } from '../../api/core.ts';
import type { FieldError } from '../../api/status.ts';
import { forbidden, invalid, notSupported, pushInvalid, required } from './field-error.ts';
import { isDNS1123Subdomain, isValidPercent } from './formats.ts';
import { selectorMatches, validateLabelSelector, validateObjectMeta, validateObjectMetaUpdate } from './meta.ts';
import { validatePodTemplateSpec } from './pod.ts';
import { NULL_VALUE, renderEmptyLabelSelector, renderInt, renderIntOrString, renderString, renderStringMap } from './render-value.ts';

const NEGATIVE = 'must be greater than or equal to 0';

function nonNegative(v: number | undefined, path: string, out: FieldError[]): void {
  if (v !== undefined && v < 0) out.push(invalid(path, renderInt(v), NEGATIVE));
}

function validateSelectorAndTemplate(selector: LabelSelector | undefined, template: PodTemplateSpec | undefined, out: FieldError[]): void {
  if (!selector) out.push(required('spec.selector'));
  else {
    validateLabelSelector(selector, 'spec.selector', out);
    if (Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions?.length ?? 0) === 0) {
      // the ReplicaSet validator says "deployment" too
      out.push(invalid('spec.selector', renderEmptyLabelSelector(selector), 'empty selector is invalid for deployment'));
    }
  }
  if (!template) { out.push(required('spec.template')); return; }
  // A nil selector becomes labels.Nothing(), which is not Empty() and matches nothing.
  const isEmpty = selector !== undefined && Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions?.length ?? 0) === 0;
  if (!isEmpty && (selector === undefined || !selectorMatches(selector, template.metadata?.labels))) {
    out.push(invalid('spec.template.metadata.labels', renderStringMap(template.metadata?.labels), '`selector` does not match template `labels`'));
  }
  validatePodTemplateSpec(template, 'spec.template', out);
  const restart = (template.spec?.restartPolicy as string | undefined) ?? '';
  if (restart !== 'Always') out.push(notSupported('spec.template.spec.restartPolicy', renderString(restart), ['Always']));
  if (template.spec?.activeDeadlineSeconds !== undefined) {
    out.push(forbidden('spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in ReplicaSet is not Supported'));
  }
}

function validatePositiveIntOrPercent(v: number | string, path: string, out: FieldError[]): void {
  if (typeof v === 'string') pushInvalid(out, path, renderIntOrString(v), isValidPercent(v));
  else nonNegative(v, path, out);
}

function intOrPercent(v: number | string | undefined): number {
  if (v === undefined) return 0;
  if (typeof v === 'number') return v;
  return isValidPercent(v).length === 0 ? Number(v.slice(0, -1)) : 0;
}

export function validateDeployment(d: Deployment): FieldError[] {
  const out: FieldError[] = [];
  validateObjectMeta(d.metadata, true, isDNS1123Subdomain, out);
  validateDeploymentSpec(d, out);
  return out;
}

export function validateDeploymentUpdate(next: Deployment, old: Deployment): FieldError[] {
  const out: FieldError[] = [];
  validateObjectMetaUpdate(next.metadata, old.metadata, out);
  validateDeploymentSpec(next, out);
  validateSelectorUnchanged(next.spec?.selector, old.spec?.selector, out);
  return out;
}

/** apps/v1 strategies: the selector may not change after creation. */
function validateSelectorUnchanged(next: LabelSelector | undefined, old: LabelSelector | undefined, out: FieldError[]): void {
  if (JSON.stringify(next ?? null) !== JSON.stringify(old ?? null)) out.push(invalid('spec.selector', renderSelectorForImmutable(next), 'field is immutable'));
}

function renderSelectorForImmutable(sel: LabelSelector | undefined): string {
  // ErrorBody dereferences the pointer, so the struct prints without `&`; nil prints "null".
  if (!sel) return NULL_VALUE;
  const ml = sel.matchLabels === undefined ? 'map[string]string(nil)' : renderStringMap(sel.matchLabels);
  const me = sel.matchExpressions === undefined ? '[]v1.LabelSelectorRequirement(nil)' : `[]v1.LabelSelectorRequirement{${sel.matchExpressions.map((e) =>
    `v1.LabelSelectorRequirement{Key:${renderString(e.key)}, Operator:${renderString(e.operator)}, Values:${e.values === undefined ? '[]string(nil)' : `[]string{${e.values.map(renderString).join(', ')}}`}}`).join(', ')}}`;
  return `v1.LabelSelector{MatchLabels:${ml}, MatchExpressions:${me}}`;
}

function validateDeploymentSpec(d: Deployment, out: FieldError[]): void {
  const spec = d.spec ?? ({} as Deployment['spec']);
  nonNegative(spec.replicas, 'spec.replicas', out);
  validateSelectorAndTemplate(spec.selector, spec.template, out);
  const strategy = spec.strategy ?? {};
  const type = (strategy.type as string | undefined) ?? '';
  if (type === 'Recreate') {
    if (strategy.rollingUpdate) out.push(forbidden('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'"));
  } else if (type === 'RollingUpdate') {
    const ru = strategy.rollingUpdate;
    if (!ru) out.push(required('spec.strategy.rollingUpdate', 'this should be defaulted and never be nil'));
    else {
      const p = 'spec.strategy.rollingUpdate';
      if (ru.maxUnavailable !== undefined) validatePositiveIntOrPercent(ru.maxUnavailable, `${p}.maxUnavailable`, out);
      if (ru.maxSurge !== undefined) validatePositiveIntOrPercent(ru.maxSurge, `${p}.maxSurge`, out);
      if (intOrPercent(ru.maxUnavailable) === 0 && intOrPercent(ru.maxSurge) === 0) {
        out.push(invalid(`${p}.maxUnavailable`, renderIntOrString(ru.maxUnavailable ?? 0), 'may not be 0 when `maxSurge` is 0'));
      }
      if (typeof ru.maxUnavailable === 'string' && intOrPercent(ru.maxUnavailable) > 100) {
        out.push(invalid(`${p}.maxUnavailable`, renderIntOrString(ru.maxUnavailable), 'must not be greater than 100%'));
      }
    }
  } else {
    // %#v prints a set pointer as its address, which varies from run to run; any address is as real.
    const ru = strategy.rollingUpdate ? '(*apps.RollingUpdateDeployment)(0xc000a1c0f0)' : '(*apps.RollingUpdateDeployment)(nil)';
    out.push(notSupported('spec.strategy', `apps.DeploymentStrategy{Type:${renderString(type)}, RollingUpdate:${ru}}`, ['Recreate', 'RollingUpdate']));
  }
  nonNegative(spec.minReadySeconds, 'spec.minReadySeconds', out);
  nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit', out);
  if (spec.progressDeadlineSeconds !== undefined) {
    nonNegative(spec.progressDeadlineSeconds, 'spec.progressDeadlineSeconds', out);
    if (spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0)) {
      out.push(invalid('spec.progressDeadlineSeconds', renderInt(spec.progressDeadlineSeconds), 'must be greater than minReadySeconds'));
    }
  }
}

export function validateReplicaSet(rs: ReplicaSet): FieldError[] {
  const out: FieldError[] = [];
  validateObjectMeta(rs.metadata, true, isDNS1123Subdomain, out);
  const spec = rs.spec ?? ({} as ReplicaSet['spec']);
  nonNegative(spec.replicas, 'spec.replicas', out);
  nonNegative(spec.minReadySeconds, 'spec.minReadySeconds', out);
  validateSelectorAndTemplate(spec.selector, spec.template, out);
  return out;
}

export function validateDaemonSet(ds: DaemonSet): FieldError[] {
  const out: FieldError[] = [];
  validateObjectMeta(ds.metadata, true, isDNS1123Subdomain, out);
  validateDaemonSetSpec(ds, out);
  return out;
}

export function validateDaemonSetUpdate(next: DaemonSet, old: DaemonSet): FieldError[] {
  const out: FieldError[] = [];
  validateObjectMetaUpdate(next.metadata, old.metadata, out);
  validateDaemonSetSpec(next, out);
  validateSelectorUnchanged(next.spec?.selector, old.spec?.selector, out);
  return out;
}

function validateDaemonSetSpec(ds: DaemonSet, out: FieldError[]): void {
  const spec = ds.spec ?? ({} as DaemonSet['spec']);
  const selector = spec.selector;
  const template = spec.template ?? { spec: { containers: [] } };
  if (selector) validateLabelSelector(selector, 'spec.selector', out);
  const size = selector ? Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions?.length ?? 0) : 0;
  // A nil selector is labels.Nothing() (matches nothing); an empty one matches everything.
  if ((!selector || size > 0) && !(selector && selectorMatches(selector, template.metadata?.labels))) {
    out.push(invalid('spec.template.metadata.labels', renderStringMap(template.metadata?.labels), '`selector` does not match template `labels`'));
  }
  if (selector && size === 0) out.push(invalid('spec.selector', renderEmptyLabelSelector(selector), 'empty selector is invalid for daemonset'));
  validatePodTemplateSpec(template, 'spec.template', out);
  const restart = (template.spec?.restartPolicy as string | undefined) ?? '';
  if (restart !== 'Always') out.push(notSupported('spec.template.spec.restartPolicy', renderString(restart), ['Always']));
  if (template.spec?.activeDeadlineSeconds !== undefined) {
    out.push(forbidden('spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in DaemonSet is not Supported'));
  }
  nonNegative(spec.minReadySeconds, 'spec.minReadySeconds', out);
  const strategy = spec.updateStrategy ?? {};
  const type = (strategy.type as string | undefined) ?? '';
  const p = 'spec.updateStrategy.rollingUpdate';
  if (type === 'RollingUpdate') {
    const ru = strategy.rollingUpdate;
    if (!ru) out.push(required(p));
    else {
      const mu = ru.maxUnavailable ?? 0;
      const ms = ru.maxSurge ?? 0;
      validatePositiveIntOrPercent(mu, `${p}.maxUnavailable`, out);
      validatePositiveIntOrPercent(ms, `${p}.maxSurge`, out);
      if (typeof mu === 'string' && intOrPercent(mu) > 100) out.push(invalid(`${p}.maxUnavailable`, renderIntOrString(mu), 'must not be greater than 100%'));
      if (typeof ms === 'string' && intOrPercent(ms) > 100) out.push(invalid(`${p}.maxSurge`, renderIntOrString(ms), 'must not be greater than 100%'));
      const hasUnavailable = intOrPercent(mu) !== 0;
      const hasSurge = intOrPercent(ms) !== 0;
      if (hasUnavailable && hasSurge) out.push(invalid(`${p}.maxSurge`, renderIntOrString(ms), 'may not be set when maxUnavailable is non-zero'));
      else if (!hasUnavailable && !hasSurge) out.push(required(`${p}.maxUnavailable`, 'cannot be 0 when maxSurge is 0'));
    }
  } else if (type !== 'OnDelete') {
    // %#v of the internal struct; a set pointer prints as an address that varies from run to run.
    const ru = strategy.rollingUpdate ? '(*apps.RollingUpdateDaemonSet)(0xc000a1c0f0)' : '(*apps.RollingUpdateDaemonSet)(nil)';
    out.push(notSupported('spec.updateStrategy', `apps.DaemonSetUpdateStrategy{Type:${renderString(type)}, RollingUpdate:${ru}}`, ['RollingUpdate', 'OnDelete']));
  }
  nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit', out);
}
