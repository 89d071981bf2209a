/**
 * kubectl set image (kubernetes/kubectl v0.33 pkg/cmd/set/set_image.go): `CONTAINER=IMAGE` pairs
 * after the resources (cmdutil.GetResourcesAndPairs, ParsePairs), `*` for every container, the
 * pod template (or a pod's spec) patched, `deployment.apps/web image updated`. A Deployment's new
 * template then rolls out through the controllers: new ReplicaSet, new pods, new endpoints.
 */
import type { PodSpec } from '../../api/core.ts';
import type { KubeObject } from '../../api/objects.ts';
import { deepEqual } from '../../cluster/deep-equal.ts';
import { flagBool, flagValue, type ParsedFlags } from '../flags.ts';
import { parseSelector } from '../../api/labels.ts';
import { failure, type CommandOutput, type ShellContext } from '../context.ts';
import { DRY_RUN_FLAG, dryRunOf, dryRunSuffix, namespaceOf, OUTPUT_FLAG, type KubectlCommand } from './command.ts';
import { renderErrors } from './errors.ts';
import { parseOutput } from './get.ts';
import { badSelectorOutput, objectsOf, type Scope } from './list-objects.ts';
import { printGet } from './print/index.ts';
import { allSelectsEverything, MISSING_RESOURCE_ERROR, parseResourceArgs, refOf, selectsByQuery } from './resource-args.ts';
import { resourceForKind } from '../../api/resources.ts';
import { RECORD_FLAG, recorded } from './record-flag.ts';

/** GetResourcesAndPairs: resources first, then the `name=image` pairs. */
function splitArgs(args: readonly string[]): { resources: string[]; pairs: string[] } | { error: string } {
  const resources: string[] = [];
  const pairs: string[] = [];
  for (const s of args) {
    const pair = (s.includes('=') && s[0] !== '=') || (s.endsWith('-') && s !== '-');
    if (pair) pairs.push(s);
    else if (pairs.length) return { error: `all resources must be specified before image changes: ${s}` };
    else resources.push(s);
  }
  return { resources, pairs };
}

/** The pod spec a kind carries (UpdatePodSpecForObject), to change in a copy. */
function withPodSpec(obj: KubeObject, change: (spec: PodSpec) => PodSpec): KubeObject | undefined {
  switch (obj.kind) {
    case 'Pod':
      return { ...obj, spec: change(obj.spec) };
    case 'Deployment':
    case 'ReplicaSet':
      return { ...obj, spec: { ...obj.spec, template: { ...obj.spec.template, spec: change(obj.spec.template.spec) } } } as KubeObject;
    default:
      return undefined;
  }
}

/**
 * utilerrors.NewAggregate through cmdutil.CheckErr: one error gets `error: ` unless it has it
 * already; several are printed one a line, as written (MultipleErrors), some with the prefix in
 * their text and some without.
 */
function aggregate(messages: readonly string[]): string {
  if (messages.length === 1) {
    const m = messages[0].startsWith('error: ') ? messages[0] : `error: ${messages[0]}`;
    return m.endsWith('\n') ? m : `${m}\n`;
  }
  return messages.map((m) => `${m}\n`).join('');
}

/** set_image.go's LocalResourceError (cli-runtime builder.go), already prefixed. */
const LOCAL_RESOURCE_ERROR = "error: you must specify resources by --filename when --local is set.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'";

export const setImage: KubectlCommand = {
  name: 'set image',
  flags: [DRY_RUN_FLAG, OUTPUT_FLAG, { name: 'all', type: 'bool' }, { name: 'selector', shorthand: 'l', type: 'string' }, { name: 'local', type: 'bool' }, RECORD_FLAG],
  run(p: ParsedFlags, ctx: ShellContext, cause?: string): CommandOutput {
    // set_image.go Complete, in its order: dry run, printer, arguments, then the builder's Infos().
    const dry = dryRunOf(p);
    if (typeof dry === 'object') return failure(`error: ${dry.error}`);
    const output = parseOutput(flagValue(p, 'output'));
    if (typeof output === 'object') return failure(output.error);
    const split = splitArgs(p.args);
    if ('error' in split) return failure(`error: ${split.error}`);
    const images = new Map<string, string>();
    const invalid: string[] = [];
    for (const pair of split.pairs) {
      const at = pair.indexOf('=');
      if (at > 0) images.set(pair.slice(0, at), pair.slice(at + 1));
      else invalid.push(pair);
    }
    if (invalid.length) return failure(`error: invalid image format: ${invalid.join(', ')}`);
    const all = flagBool(p, 'all');
    if (flagBool(p, 'local') && split.resources.length) return failure(LOCAL_RESOURCE_ERROR);

    // The builder: LabelSelectorParam(-l), ResourceTypeOrNameArgs(--all, resources...), Latest().
    const sel = flagValue(p, 'selector');
    const bySelector = selectsByQuery(p) || (all && allSelectsEverything(split.resources));
    if (!split.resources.length && !bySelector) return failure(MISSING_RESOURCE_ERROR);
    const args = parseResourceArgs(split.resources, bySelector);
    if (!args.ok) return failure(args.error);
    const trimmed = (sel ?? '').trim();
    const parsedSel = trimmed !== '' ? parseSelector(trimmed) : undefined;
    if (parsedSel && !parsedSel.ok) return failure(badSelectorOutput(p, trimmed, parsedSel.error, split.resources));
    const scope: Scope = { namespace: namespaceOf(p), allNamespaces: false, selector: parsedSel?.ok ? parsedSel.selector : undefined };
    if (!bySelector && args.requests.some((r) => !r.names.length)) return failure('error: resource(s) were provided, but no name was specified');
    // Every name is looked up before anything is changed: one missing fails the command (Complete).
    const found = objectsOf(ctx.cluster, args.requests, scope);
    if (found.errors.length) return failure(renderErrors(found.errors));

    // set_image.go Validate, every refusal at once.
    const refusals: string[] = [];
    if (all && (sel ?? '') !== '') refusals.push('cannot set --all and --selector at the same time');
    if (!images.size) refusals.push('at least one image update is required');
    else if (images.size > 1 && images.has('*')) refusals.push('all containers are already specified by *, but saw more than one container_name=container_image pairs');
    if (refusals.length) return failure(aggregate(refusals));

    // Run: CalculatePatches for every object (a missing container is an error, the rest still
    // changes), then each patch sent; errors are gathered in that order and printed at the end.
    // Nothing selected: no patch, nothing printed, success.
    const errors: string[] = [];
    const patches: { obj: KubeObject; updated?: KubeObject }[] = [];
    for (const obj of found.objects) {
      const changed = withPodSpec(obj, (spec) => {
        const rename = (list: PodSpec['containers'] | undefined) => list?.map((c) => (images.has('*') ? { ...c, image: images.get('*')! } : images.has(c.name) ? { ...c, image: images.get(c.name)! } : c));
        for (const name of images.keys()) {
          if (name !== '*' && !spec.containers.some((c) => c.name === name) && !(spec.initContainers ?? []).some((c) => c.name === name)) errors.push(`error: unable to find container named "${name}"`);
        }
        const initContainers = rename(spec.initContainers);
        return { ...spec, containers: rename(spec.containers) ?? [], ...(initContainers ? { initContainers } : {}) };
      });
      // The change-cause goes into the same patch (set_image.go records before encoding), so a
      // new one alone makes a patch.
      patches.push({ obj, updated: changed && recorded(changed, cause) });
    }
    let stdout = '';
    for (const { obj, updated } of patches) {
      if (!updated) {
        // patch.Err: `error: %s %v\n`, the newline its own.
        errors.push(`error: ${resourceForKind(obj.kind).resource}/${obj.metadata.name} the object is not a pod or does not have a pod template: *v1.${obj.kind}\n`);
        continue;
      }
      // No change, no patch, nothing printed (set_image.go skips a "{}" patch).
      if (deepEqual(updated, obj)) continue;
      let shown = updated;
      if (dry !== 'client') {
        const r = ctx.cluster.update(updated, { dryRun: dry === 'server' });
        if (!r.ok) {
          errors.push(`failed to patch image update to pod template: ${r.error.message}`);
          continue;
        }
        shown = r.object;
      }
      if (output && output !== 'wide') stdout += printGet([{ resource: resourceForKind(obj.kind), objects: [shown] }], { output, singleItem: true }, ctx.cluster).stdout;
      else stdout += `${refOf(obj)} image updated${dryRunSuffix(dry)}\n`;
    }
    return { stdout, stderr: errors.length ? aggregate(errors) : '', exitCode: errors.length ? 1 : 0 };
  },
};
