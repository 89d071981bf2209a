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
import { renderErrors, statusErr } from './errors.ts';
import { parseOutput } from './get.ts';
import { badSelectorOutput, getNamed, listObjects, type Scope } from './list-objects.ts';
import { printGet } from './print/index.ts';
import { parseResourceArgs, refOf, selectsByQuery } from './resource-args.ts';
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

export const setImage: KubectlCommand = {
  name: 'set image',
  flags: [DRY_RUN_FLAG, OUTPUT_FLAG, { name: 'all', type: 'bool' }, { name: 'selector', shorthand: 'l', type: 'string' }, { name: 'local', type: 'bool' }, RECORD_FLAG],
  run(p: ParsedFlags, ctx: ShellContext, cause?: string): CommandOutput {
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
    const sel = flagValue(p, 'selector');
    // set_image.go Validate, in its order.
    if (flagBool(p, 'all') && (sel ?? '') !== '') return failure('error: cannot set --all and --selector at the same time');
    if (!split.resources.length) return failure('error: one or more resources must be specified as <resource> <name> or <resource>/<name>');
    if (!images.size) return failure('error: at least one image update is required');
    if (images.size > 1 && images.has('*')) return failure('error: all containers are already specified by *, but saw more than one container_name=container_image pairs');
    const dry = dryRunOf(p);
    if (typeof dry === 'object') return failure(`error: ${dry.error}`);
    const output = parseOutput(flagValue(p, 'output'));
    if (typeof output === 'object') return failure(output.error);
    // -l and --all select by query (LabelSelectorParam, ResourceTypeOrNameArgs(o.All, ...)).
    const args = parseResourceArgs(split.resources, selectsByQuery(p, true));
    if (!args.ok) return failure(args.error);
    const parsedSel = sel !== undefined && sel.trim() !== '' ? parseSelector(sel) : undefined;
    if (sel !== undefined && parsedSel && !parsedSel.ok) return failure(badSelectorOutput(p, sel, parsedSel.error, split.resources));
    const scope: Scope = { namespace: namespaceOf(p), allNamespaces: false, selector: parsedSel?.ok ? parsedSel.selector : undefined };

    let stdout = '';
    const errors: string[] = [];
    for (const req of args.requests) {
      let objects: KubeObject[];
      if (req.names.length) {
        const found = getNamed(ctx.cluster, req.resource, req.names, scope);
        if (found.errors.length) return failure(renderErrors(found.errors), 1, stdout);
        objects = found.objects;
      } else if (scope.selector || flagBool(p, 'all')) {
        // Nothing selected: nothing to patch and nothing printed (Infos() is empty, no error).
        objects = [...listObjects(ctx.cluster, req.resource, scope)];
      } else return failure('error: resource(s) were provided, but no name was specified');
      for (const obj of objects) {
        const missing: string[] = [];
        const changed = withPodSpec(obj, (spec) => {
          const rename = (list: PodSpec['containers'] | undefined) => list?.map((c) => (images.has('*') ? { ...c, image: images.get('*')! } : images.has(c.name) ? { ...c, image: images.get(c.name)! } : c));
          for (const name of images.keys()) {
            if (name !== '*' && !spec.containers.some((c) => c.name === name) && !(spec.initContainers ?? []).some((c) => c.name === name)) missing.push(name);
          }
          const initContainers = rename(spec.initContainers);
          return { ...spec, containers: rename(spec.containers) ?? [], ...(initContainers ? { initContainers } : {}) };
        });
        if (!changed) {
          errors.push(`error: ${resourceForKind(obj.kind).resource}/${obj.metadata.name} the object is not a pod or does not have a pod template: *v1.${obj.kind}`);
          continue;
        }
        for (const name of missing) errors.push(`error: unable to find container named "${name}"`);
        // The change-cause goes into the same patch (set_image.go records before encoding), so a
        // new one alone makes a patch.
        const updated = recorded(changed, cause);
        // No change, no patch, nothing printed (set_image.go skips a "{}" patch).
        if (deepEqual(updated, obj)) continue;
        let shown = updated;
        if (dry !== 'client') {
          const r = ctx.cluster.update(updated, { dryRun: dry === 'server' });
          if (!r.ok) {
            errors.push(renderErrors([statusErr(r.error)]).trimEnd());
            continue;
          }
          shown = r.object;
        }
        if (output && output !== 'wide') stdout += printGet([{ resource: resourceForKind(obj.kind), objects: [shown] }], { output, singleItem: true }, ctx.cluster).stdout;
        else stdout += `${refOf(obj)} image updated${dryRunSuffix(dry)}\n`;
      }
    }
    return { stdout, stderr: errors.map((e) => `${e}\n`).join(''), exitCode: errors.length ? 1 : 0 };
  },
};
