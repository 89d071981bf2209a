/** kubectl label and annotate (kubernetes/kubectl pkg/cmd/label/label.go, annotate/annotate.go). */
import { parseSelector } from '../../api/labels.ts';
import type { KubeObject } from '../../api/objects.ts';
import { resourceForKind } from '../../api/resources.ts';
import { isValidLabelValue } from '../../cluster/validation/formats.ts';
import { flagBool, flagValue, type ParsedFlags } from '../flags.ts';
import { failure, type CommandOutput, type ShellContext } from '../context.ts';
import { ALL_NAMESPACES_FLAG, DRY_RUN_FLAG, dryRunOf, dryRunSuffix, namespaceOf, type KubectlCommand } from './command.ts';
import { plainErr, renderErrors, statusErr, type KubectlError } from './errors.ts';
import { badSelectorOutput, getNamed, listObjects, type Scope } from './list-objects.ts';
import { parseResourceArgs, refOf, selectsByQuery } from './resource-args.ts';
import { CHANGE_CAUSE_ANNOTATION, RECORD_FLAG } from './record-flag.ts';

type Field = 'labels' | 'annotations';

/** helpers.go GetResourcesAndPairs: resources first, then KEY=VALUE / KEY- changes (`=x` and `-` are resources). */
function splitArgs(args: readonly string[], pairType: string): { resources: string[]; pairs: string[] } | { error: string } {
  const resources: string[] = [];
  const pairs: string[] = [];
  for (const a of args) {
    const isPair = (a.includes('=') && a[0] !== '=') || (a.endsWith('-') && a !== '-');
    if (isPair) pairs.push(a);
    else if (pairs.length) return { error: `all resources must be specified before ${pairType} changes: ${a}` };
    else resources.push(a);
  }
  return { resources, pairs };
}

/** label.go parseLabels / annotate.go parseAnnotations. */
function parseChanges(pairs: readonly string[], field: Field): { set: Map<string, string>; remove: string[] } | { error: string } {
  const set = new Map<string, string>();
  const remove: string[] = [];
  const what = field === 'labels' ? 'label' : 'annotation';
  for (const spec of pairs) {
    if (spec.includes('=')) {
      const parts = spec.split('=');
      if (field === 'labels' && parts.length !== 2) return { error: `invalid label spec: ${spec}` };
      const [key, ...rest] = parts;
      const value = rest.join('=');
      if (field === 'labels') {
        const errs = isValidLabelValue(value);
        if (errs.length) return { error: `invalid label value: ${JSON.stringify(spec)}: ${errs.join(';')}` };
      }
      set.set(key, value);
    } else if (spec.endsWith('-')) {
      remove.push(spec.slice(0, -1));
    } else {
      return { error: `unknown ${what} spec: ${spec}` };
    }
  }
  // annotate checks this later (validateAnnotations), after the resource checks.
  if (field === 'labels' && remove.some((k) => set.has(k))) return { error: 'can not both modify and remove a label in the same command' };
  return { set, remove };
}

function metaEditor(field: Field): KubectlCommand {
  const verb = field === 'labels' ? 'label' : 'annotate';
  return {
    name: verb,
    flags: [
      DRY_RUN_FLAG,
      ALL_NAMESPACES_FLAG,
      { name: 'overwrite', type: 'bool' },
      { name: 'all', type: 'bool' },
      { name: 'selector', shorthand: 'l', type: 'string' },
      { name: 'list', type: 'bool' },
      { name: 'local', type: 'bool' },
      { name: 'resource-version', type: 'string' },
      { name: 'output', shorthand: 'o', type: 'string' },
      RECORD_FLAG,
    ],
    run(p: ParsedFlags, ctx: ShellContext, cause?: string): CommandOutput {
      const dry = dryRunOf(p);
      if (typeof dry === 'object') return failure(`error: ${dry.error}`);
      // label.go Complete and Validate (annotate.go Complete), in their order.
      const split = splitArgs(p.args, field === 'labels' ? 'label' : 'annotation');
      if ('error' in split) return failure(`error: ${split.error}`);
      const list = flagBool(p, 'list');
      const changes = parseChanges(split.pairs, field);
      if ('error' in changes) return failure(`error: ${changes.error}`);
      if (list && flagValue(p, 'output')) return failure('error: --list and --output may not be specified together');
      if (flagBool(p, 'all') && (flagValue(p, 'selector') ?? '') !== '') return failure('error: cannot set --all and --selector at the same time');
      if (!split.resources.length) return failure('error: one or more resources must be specified as <resource> <name> or <resource>/<name>');
      if (!split.pairs.length && !list) return failure(`error: at least one ${field === 'labels' ? 'label' : 'annotation'} update is required`);
      const both = changes.remove.filter((k) => changes.set.has(k));
      if (both.length) return failure(`error: can not both modify and remove the following annotation(s) in the same command: ${both.join(', ')}`);
      const parsed = parseResourceArgs(split.resources, selectsByQuery(p));
      if (!parsed.ok) return failure(parsed.error);
      const sel = flagValue(p, 'selector');
      const parsedSel = sel !== undefined ? parseSelector(sel) : undefined;
      if (sel !== undefined && parsedSel && !parsedSel.ok) return failure(badSelectorOutput(p, sel, parsedSel.error, split.resources));
      const scope: Scope = { namespace: namespaceOf(p), allNamespaces: flagBool(p, 'all-namespaces'), selector: parsedSel?.ok ? parsedSel.selector : undefined };
      const errors: KubectlError[] = [];
      const targets: KubeObject[] = [];
      for (const req of parsed.requests) {
        if (req.names.length) {
          const found = getNamed(ctx.cluster, req.resource, req.names, scope);
          targets.push(...found.objects);
          errors.push(...found.errors);
        } else if (scope.selector || flagBool(p, 'all')) {
          targets.push(...listObjects(ctx.cluster, req.resource, scope));
        } else {
          return failure('error: resource(s) were provided, but no name was specified');
        }
      }
      let stdout = '';
      let stderr = '';
      const overwrite = flagBool(p, 'overwrite');
      // IntoSingleItemImplied: one name typed, not a selection.
      const one = !scope.selector && !flagBool(p, 'all') && parsed.requests.reduce((n, r) => n + r.names.length, 0) === 1;
      for (const obj of targets) {
        const current: Record<string, string> = { ...(obj.metadata[field] ?? {}) };
        if (list) {
          // label.go writes the heading to stdout, as Kind.group/name (`Pod./x`, `Deployment.apps/web`).
          const indent = one ? '' : ' ';
          if (!one) stdout += `Listing labels for ${obj.kind}.${resourceForKind(obj.kind).group}/${obj.metadata.name}:\n`;
          for (const k of Object.keys(current).sort()) stdout += `${indent}${k}=${current[k]}\n`;
          continue;
        }
        // label.go names the labels it cannot remove before it checks for conflicts.
        if (field === 'labels' && dry !== 'client') for (const k of changes.remove) if (!(k in current)) stdout += `label "${k}" not found.\n`;
        // kubernetes.io/change-cause can always be overwritten (annotate.go validateNoAnnotationOverwrites).
        const conflicts = overwrite ? [] : [...changes.set].filter(([k, v]) => k in current && current[k] !== v && !(field === 'annotations' && k === 'kubernetes.io/change-cause'));
        if (conflicts.length) {
          // One object's conflict does not stop the others (ContinueOnError). label.go makes one
          // error per label (validateNoOverwrites); annotate one error joining them with "; ".
          if (field === 'labels') for (const [k] of conflicts) errors.push(plainErr(`'${k}' already has a value (${current[k]}), and --overwrite is false`));
          else errors.push(plainErr(`--overwrite is false but found the following declared annotation(s): ${conflicts.map(([k]) => `'${k}' already has a value (${current[k]})`).join('; ')}`));
          continue;
        }
        // --record writes the change-cause only on the way to the server, not with --dry-run=client:
        // label.go after the labels, annotate.go before the annotations (which may overwrite it).
        const record = cause !== undefined && dry !== 'client';
        const otherBefore = field === 'labels' ? obj.metadata.annotations : undefined;
        const other = record && otherBefore !== undefined ? { ...otherBefore } : record && field === 'labels' ? {} : undefined;
        const before = JSON.stringify([current, otherBefore]);
        if (record && field === 'annotations') current[CHANGE_CAUSE_ANNOTATION] = cause;
        for (const [k, v] of changes.set) current[k] = v;
        for (const k of changes.remove) delete current[k];
        if (other) other[CHANGE_CAUSE_ANNOTATION] = cause as string;
        const after = JSON.stringify([current, other ?? otherBefore]);
        let word: string;
        if (field === 'annotations') word = 'annotated';
        // label.go updateDataChangeMsg compares the whole object, change-cause included: "unlabeled"
        // only when it shrank without --overwrite.
        else word = before === after ? 'not labeled' : !overwrite && after.length < before.length ? 'unlabeled' : 'labeled';
        if (before === after || dry === 'client') {
          stdout += `${refOf(obj)} ${word}${dryRunSuffix(dry)}\n`;
          continue;
        }
        const next = { ...obj, metadata: { ...obj.metadata, [field]: current, ...(other ? { annotations: other } : {}) } } as KubeObject;
        const r = ctx.cluster.update(next, { dryRun: dry === 'server' });
        if (!r.ok) errors.push(statusErr(r.error));
        else stdout += `${refOf(obj)} ${word}${dryRunSuffix(dry)}\n`;
      }
      return { stdout, stderr: stderr + renderErrors(errors), exitCode: errors.length ? 1 : 0 };
    },
  };
}

export const label = metaEditor('labels');
export const annotate = metaEditor('annotations');
