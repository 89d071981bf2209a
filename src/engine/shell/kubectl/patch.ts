/**
 * kubectl patch (kubernetes/kubectl v0.33 pkg/cmd/patch/patch.go): the patch text (YAML or
 * JSON, as yaml.ToJSON reads it) sent to the API server, which applies it to the live object
 * (patch-apply.ts) and stores the result through the usual update path (validation, allocation).
 * Prints `service/web patched`, or `patched (no change)` when the object came back the same.
 */
import type { KubeObject } from '../../api/objects.ts';
import { resourceForKind } from '../../api/resources.ts';
import { deepEqual } from '../../cluster/deep-equal.ts';
import { parseChunk } from '../../manifest/go-yaml.ts';
import { toPlain } from '../../manifest/json-tree.ts';
import { flagBool, flagValue, type ParsedFlags } from '../flags.ts';
import { failure, type CommandOutput, type ShellContext } from '../context.ts';
import { DRY_RUN_FLAG, dryRunOf, dryRunSuffix, FILENAME_FLAG, filenames, namespaceOf, OUTPUT_FLAG, type DryRun, type KubectlCommand } from './command.ts';
import { renderErrors, statusErr } from './errors.ts';
import { parseOutput } from './get.ts';
import { getNamed } from './list-objects.ts';
import { jsonMergePatch, jsonPatch, JsonPatchError, strategicMerge, type Json } from './patch-apply.ts';
import { printGet } from './print/index.ts';
import { parseResourceArgs, refOf } from './resource-args.ts';
import { RECORD_FLAG, recorded } from './record-flag.ts';

const NO_RESOURCES =
  "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

const PATCH_TYPES = ['json', 'merge', 'strategic'];

export const patch: KubectlCommand = {
  name: 'patch',
  flags: [
    DRY_RUN_FLAG,
    OUTPUT_FLAG,
    FILENAME_FLAG,
    { name: 'patch', shorthand: 'p', type: 'string' },
    { name: 'patch-file', type: 'string' },
    { name: 'type', type: 'string' },
    { name: 'local', type: 'bool' },
    { name: 'subresource', type: 'string' },
    RECORD_FLAG,
  ],
  run(p: ParsedFlags, ctx: ShellContext, cause?: string): CommandOutput {
    const text = flagValue(p, 'patch');
    const file = flagValue(p, 'patch-file');
    if (text !== undefined && file !== undefined) return failure('error: cannot specify --patch and --patch-file together');
    if (text === undefined && file === undefined) return failure('error: must specify --patch or --patch-file containing the contents of the patch');
    const type = flagValue(p, 'type') ?? 'strategic';
    if (!PATCH_TYPES.includes(type)) return failure(`error: --type must be one of [${PATCH_TYPES.join(' ')}], not "${type}"`);
    if (flagBool(p, 'local') || filenames(p).length) return failure('error: svcsim: patch --local and -f are not supported; name the resource instead (kubectl patch svc NAME -p ...)');
    if (flagValue(p, 'subresource') !== undefined) return failure('error: svcsim: patch --subresource is not supported');
    const dry = dryRunOf(p);
    if (typeof dry === 'object') return failure(`error: ${dry.error}`);
    const output = parseOutput(flagValue(p, 'output'));
    if (typeof output === 'object') return failure(output.error);

    let source = text ?? '';
    if (file !== undefined) {
      const read = ctx.files.readFile(file);
      if (read === undefined) return failure(`error: unable to read patch file: open ${file}: no such file or directory`);
      source = read;
    }
    const parsed = parseChunk(source);
    if (parsed.error) return failure(`error: unable to parse "${text ?? source}": ${parsed.error.message}`);
    const body: Json = parsed.root ? (toPlain(parsed.root) as Json) : null;

    const args = parseResourceArgs(p.args);
    if (!args.ok) return failure(args.error);
    if (!args.requests.length) return failure(NO_RESOURCES);
    let stdout = '';
    for (const req of args.requests) {
      if (!req.names.length) return failure('error: resource(s) were provided, but no name was specified', 1, stdout);
      const found = getNamed(ctx.cluster, req.resource, req.names, { namespace: namespaceOf(p), allNamespaces: false });
      if (found.errors.length) return failure(renderErrors(found.errors), 1, stdout);
      for (const live of found.objects) {
        const patched = patchOne(ctx, live, type, body, dry);
        if ('error' in patched) return failure(patched.error, 1, stdout);
        const out = cause === undefined || dry === 'client' ? patched : { ...patched, object: recordPatch(ctx, live, cause, dry === 'server') ?? patched.object };
        if (output && output !== 'wide') stdout += printGet([{ resource: resourceForKind(live.kind), objects: [out.object] }], { output, singleItem: true }, ctx.cluster).stdout;
        else stdout += `${refOf(live)} ${out.changed ? 'patched' : 'patched (no change)'}${dryRunSuffix(dry)}\n`;
      }
    }
    return { stdout, stderr: '', exitCode: 0 };
  },
};

function patchOne(ctx: ShellContext, live: KubeObject, type: string, body: Json, dry: DryRun): { object: KubeObject; changed: boolean } | { error: string } {
  const original = live as unknown as Json;
  let patched: Json | undefined;
  try {
    patched = type === 'json' ? jsonPatch(original, body) : type === 'merge' ? jsonMergePatch(original, body) : strategicMerge(live.kind, original, body);
  } catch (e) {
    // A patch the server cannot apply: 422, which kubectl words as an invalid request.
    if (e instanceof JsonPatchError) return { error: `The request is invalid: ${e.message}` };
    throw e;
  }
  // A client dry run patches kubectl's copy and sends nothing (patch.go: getPatchedJSON, then
  // didPatch compares the copy before and after).
  if (dry === 'client') return { object: patched as unknown as KubeObject, changed: !deepEqual(live, patched) };
  const r = ctx.cluster.update(patched as unknown as KubeObject, { dryRun: dry === 'server' });
  if (!r.ok) return { error: renderErrors([statusErr(r.error)]) };
  return { object: r.object, changed: !deepEqual(live, r.object) };
}

/**
 * patch.go records with a second merge patch (MakeRecordMergePatch) through the same helper,
 * so a server dry run's second patch is a dry run too, on the live object: what kubectl then
 * prints. "patched" or "(no change)" still follows the first patch. A failure is only logged.
 */
function recordPatch(ctx: ShellContext, live: KubeObject, cause: string, dryRun: boolean): KubeObject | undefined {
  const current = ctx.cluster.get(live.kind, live.metadata.namespace, live.metadata.name) as KubeObject | undefined;
  if (!current) return undefined;
  const r = ctx.cluster.update(recorded(current, cause), { dryRun });
  return r.ok ? r.object : undefined;
}
