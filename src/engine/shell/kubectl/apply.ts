/**
 * Writing objects from files: kubectl create -f, apply -f, replace -f
 * (kubernetes/kubectl pkg/cmd/{create,apply,replace}). Every document is tried; errors are
 * collected and printed after the successes, as the builder's ContinueOnError visitor does.
 */
import type { KubeObject } from '../../api/objects.ts';
import type { WriteResult } from '../../cluster/types.ts';
import { flagList, flagValue, type ParsedFlags } from '../flags.ts';
import { failure, type CommandOutput, type ShellContext } from '../context.ts';
import {
  DRY_RUN_FLAG,
  dryRunOf,
  dryRunSuffix,
  FILENAME_FLAG,
  hasExplicitNamespace,
  namespaceOf,
  OUTPUT_FLAG,
  RECURSIVE_FLAG,
  type KubectlCommand,
} from './command.ts';
import { ENDPOINTS_DEPRECATION_WARNING } from './print/index.ts';
import { renderErrors, statusErr, type KubectlError } from './errors.ts';
import { placeInNamespace, readManifestFiles } from './manifest-files.ts';
import { refOf } from './resource-args.ts';
import { printGet, type PrintOptions } from './print/index.ts';
import { resourceForKind } from '../../api/resources.ts';
import { LAST_APPLIED_ANNOTATION } from '../../cluster/index.ts';
import { parseOutput } from './get.ts';

type Verb = 'create' | 'apply' | 'replace';

const NO_FILES: Record<Verb, string> = {
  create: 'error: must specify one of -f and -k',
  apply: 'error: must specify one of -f and -k',
  replace: 'error: must specify --filename to replace',
};

/** The participle kubectl's AddSourceToErr uses for each verb. */
const ERROR_VERB: Record<Verb, string> = { create: 'creating', apply: 'creating', replace: 'replacing' };

function write(verb: Verb, cluster: ShellContext['cluster'], obj: KubeObject, dryRun: boolean): WriteResult {
  const opts = { dryRun };
  if (verb === 'create') return cluster.create(obj, opts);
  if (verb === 'replace') return cluster.update(obj, opts);
  return cluster.apply(obj, opts);
}

function fileWriter(verb: Verb): KubectlCommand {
  return {
    name: verb,
    flags: [FILENAME_FLAG, RECURSIVE_FLAG, OUTPUT_FLAG, DRY_RUN_FLAG, { name: 'validate', type: 'string' }, { name: 'save-config', type: 'bool' }, { name: 'force', type: 'bool' }, { name: 'server-side', type: 'bool' }],
    run(p: ParsedFlags, ctx: ShellContext): CommandOutput {
      const files = flagList(p, 'filename');
      if (!files.length) return failure(NO_FILES[verb]);
      if (p.args.length) return failure(`error: Unexpected args: [${p.args.join(' ')}]\nSee 'kubectl ${verb} -h' for help and examples`);
      const dry = dryRunOf(p);
      if (typeof dry === 'object') return failure(`error: ${dry.error}`);
      const output = parseOutput(flagValue(p, 'output'));
      if (typeof output === 'object') return failure(output.error);

      const read = readManifestFiles(files, ctx, ERROR_VERB[verb]);
      if (read.fatal) return failure(read.fatal);
      // apply gathers every object before sending (its read error comes first); create and
      // replace send as they read, so a read error comes after what went before it.
      const errors: KubectlError[] = verb === 'apply' && read.stopped ? [read.stopped, ...read.errors] : [...read.errors];
      if (!read.objects.length && !errors.length && !read.stopped) return failure(`error: no objects passed to ${verb}`);
      let stdout = '';
      let stderr = '';
      const namespace = namespaceOf(p);
      for (const f of read.objects) {
        const placed = placeInNamespace(f.object, namespace, hasExplicitNamespace(p));
        if (!placed.ok) return failure(placed.error, 1, stdout);
        if (placed.object.kind === 'Endpoints' && !stderr.includes(ENDPOINTS_DEPRECATION_WARNING)) stderr += ENDPOINTS_DEPRECATION_WARNING;
        if (dry === 'client') {
          stdout += `${refOf(placed.object)} ${verb === 'apply' ? 'created' : verb === 'replace' ? 'replaced' : 'created'}${dryRunSuffix(dry)}\n`;
          continue;
        }
        if (verb === 'apply') stderr += missingLastAppliedWarning(ctx, placed.object);
        const result = write(verb, ctx.cluster, placed.object, dry === 'server');
        if (!result.ok) {
          errors.push(statusErr({ ...result.error, position: result.error.position ?? f.doc.position }, ERROR_VERB[verb], f.source));
          continue;
        }
        if (output && output !== 'wide') {
          const opts: PrintOptions = { output, singleItem: true };
          stdout += printGet([{ resource: resourceForKind(result.object.kind), objects: [result.object] }], opts, ctx.cluster).stdout;
          continue;
        }
        const done = verb === 'replace' ? 'replaced' : verb === 'create' ? 'created' : result.action;
        stdout += `${refOf(result.object)} ${done}${dryRunSuffix(dry)}\n`;
      }
      if (verb !== 'apply' && read.stopped) errors.push(read.stopped);
      return { stdout, stderr: stderr + renderErrors(errors), exitCode: errors.length ? 1 : 0 };
    },
  };
}

export const createFromFiles = fileWriter('create');
export const apply = fileWriter('apply');
export const replace = fileWriter('replace');

/**
 * kubectl apply on an object that was not created by apply (kubectl apply.go,
 * warningNoLastAppliedConfigAnnotation): the object is patched all the same.
 */
function missingLastAppliedWarning(ctx: ShellContext, obj: KubeObject): string {
  const live = ctx.cluster.get(obj.kind, obj.metadata.namespace, obj.metadata.name) as KubeObject | undefined;
  if (!live || live.metadata.annotations?.[LAST_APPLIED_ANNOTATION] !== undefined) return '';
  const r = resourceForKind(obj.kind);
  const name = `${r.resource}${r.group ? `.${r.group}` : ''}/${obj.metadata.name}`;
  return (
    `Warning: resource ${name} is missing the ${LAST_APPLIED_ANNOTATION} annotation which is required by kubectl apply. ` +
    'kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. ' +
    'The missing annotation will be patched automatically.\n'
  );
}
