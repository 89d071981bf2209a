/**
 * Writing objects from files: kubectl create -f, apply -f, replace -f
 * (kubernetes/kubectl pkg/cmd/{create,apply,replace}). Every document is tried; errors are
 * collected and printed after the successes, as the builder's ContinueOnError visitor does.
 */
import type { KubeObject } from '../../api/objects.ts';
import { resourceForKind } from '../../api/resources.ts';
import { LAST_APPLIED_ANNOTATION } from '../../cluster/index.ts';
import type { WriteResult } from '../../cluster/types.ts';
import type { FlagSpec, ParsedFlags } from '../flags.ts';
import { flagBool, flagValue } from '../flags.ts';
import { failure, type CommandOutput, type ShellContext } from '../context.ts';
import {
  DRY_RUN_FLAG,
  dryRunOf,
  dryRunSuffix,
  FILENAME_FLAG,
  filenames,
  hasExplicitNamespace,
  namespaceOf,
  OUTPUT_FLAG,
  RECURSIVE_FLAG,
  type DryRun,
  type KubectlCommand,
} from './command.ts';
import { plainErr, renderErrors, statusErr, type KubectlError } from './errors.ts';
import { parseOutput } from './get.ts';
import { placeInNamespace, readManifestFiles } from './manifest-files.ts';
import { badSelectorOutput } from './list-objects.ts';
import { matchesSelector, parseSelector } from '../../api/labels.ts';
import { ENDPOINTS_DEPRECATION_WARNING, printGet } from './print/index.ts';
import { refOf } from './resource-args.ts';
import { RECORD_FLAG, recorded } from './record-flag.ts';

type Verb = 'create' | 'apply' | 'replace';

const NO_FILES: Record<Verb, string> = {
  create: 'error: must specify one of -f and -k',
  apply: 'error: must specify one of -f and -k',
  replace: 'error: must specify --filename to replace',
};

/** The participle kubectl's AddSourceToErr uses for each verb. */
const ERROR_VERB: Record<Verb, string> = { create: 'creating', apply: 'creating', replace: 'replacing' };

const COMMON_FLAGS: FlagSpec[] = [
  FILENAME_FLAG,
  RECURSIVE_FLAG,
  OUTPUT_FLAG,
  DRY_RUN_FLAG,
  // helpers.go AddValidateFlags: NoOptDefVal "strict".
  { name: 'validate', type: 'string', noOptValue: 'strict' },
  { name: 'save-config', type: 'bool' },
  { name: 'field-manager', type: 'string' },
];

const VERB_FLAGS: Record<Verb, FlagSpec[]> = {
  create: [...COMMON_FLAGS, RECORD_FLAG, { name: 'edit', type: 'bool' }, { name: 'windows-line-endings', type: 'bool' }, { name: 'raw', type: 'string' }],
  apply: [
    ...COMMON_FLAGS,
    RECORD_FLAG,
    { name: 'server-side', type: 'bool' },
    { name: 'force', type: 'bool' },
    { name: 'force-conflicts', type: 'bool' },
    { name: 'prune', type: 'bool' },
    { name: 'overwrite', type: 'bool', default: 'true' },
    { name: 'wait', type: 'bool' },
    { name: 'selector', shorthand: 'l', type: 'string' },
    // helpers.go AddPruningFlags: --all is prune's, and apply reads nothing else by it.
    { name: 'all', type: 'bool' },
  ],
  replace: [...COMMON_FLAGS, { name: 'force', type: 'bool' }, { name: 'grace-period', type: 'int' }, { name: 'wait', type: 'bool' }, { name: 'raw', type: 'string' }],
};

function write(verb: Verb, cluster: ShellContext['cluster'], obj: KubeObject, dryRun: boolean): WriteResult {
  const opts = { dryRun };
  if (verb === 'create') return cluster.create(obj, opts);
  if (verb === 'replace') return cluster.update(obj, opts);
  return cluster.apply(obj, opts);
}

/** The word after `service/web` on success (apply.go's printers: created/configured/unchanged/serverside-applied). */
function doneWord(verb: Verb, action: string, serverSide: boolean): string {
  if (verb === 'replace') return 'replaced';
  if (verb === 'create') return 'created';
  return serverSide ? 'serverside-applied' : action;
}

function fileWriter(verb: Verb): KubectlCommand {
  return {
    name: verb,
    flags: VERB_FLAGS[verb],
    run(p: ParsedFlags, ctx: ShellContext, cause?: string): CommandOutput {
      const files = filenames(p);
      // create (Complete) and apply (ToOptions) refuse arguments before they look for -f.
      const unexpected = p.args.length ? failure(`error: Unexpected args: [${p.args.join(' ')}]\nSee 'kubectl ${verb} -h' for help and examples`) : undefined;
      if (unexpected && verb !== 'replace') return unexpected;
      if (!files.length) return failure(NO_FILES[verb]);
      if (unexpected) return unexpected;
      const dry = dryRunOf(p);
      if (typeof dry === 'object') return failure(`error: ${dry.error}`);
      const output = parseOutput(flagValue(p, 'output'));
      if (typeof output === 'object') return failure(output.error);
      const serverSide = verb === 'apply' && flagBool(p, 'server-side');
      if (verb === 'apply') {
        const refused = applyRefusal(p, dry, serverSide);
        if (refused) return failure(`error: ${refused}`);
      }

      const read = readManifestFiles(files, ctx, ERROR_VERB[verb], flagBool(p, 'recursive'));
      if (read.fatal) return failure(read.fatal);
      // apply -l: the builder keeps the objects read whose own labels match (visitByPaths'
      // FilteredVisitor with FilterByLabelSelector); the others are skipped without a word.
      // LabelSelectorParam trims it; blank is no selector.
      const label = verb === 'apply' ? (flagValue(p, 'selector') ?? '').trim() : '';
      if (label !== '') {
        const sel = parseSelector(label);
        if (!sel.ok) return failure(badSelectorOutput(p, label, sel.error));
        read.objects = read.objects.filter((f) => matchesSelector(sel.selector, f.object.metadata.labels));
      }
      // apply gathers every object before sending (its read error comes first); create and
      // replace send as they read, so a read error comes after what went before it.
      const errors: KubectlError[] = verb === 'apply' && read.stopped ? [read.stopped, ...read.errors] : [...read.errors];
      if (!read.objects.length && !errors.length && !read.stopped) return failure(`error: no objects passed to ${verb}`);
      let stdout = '';
      let stderr = '';
      const printed: KubeObject[] = [];
      const namespace = namespaceOf(p);
      for (const f of read.objects) {
        // A namespace clash is this object's error; the others still go (RequireNamespace in the visitor).
        const placed = placeInNamespace(f.object, namespace, hasExplicitNamespace(p));
        if (!placed.ok) {
          errors.push(plainErr(placed.error));
          continue;
        }
        // create.go and apply.go record on every object they read, dry run or not (replace has no --record).
        const obj = recorded(placed.object, cause);
        if (obj.kind === 'Endpoints' && !stderr.includes(ENDPOINTS_DEPRECATION_WARNING)) stderr += ENDPOINTS_DEPRECATION_WARNING;
        if (dry === 'client') {
          // No request is made; apply still looks the object up to say created or configured.
          const exists = ctx.cluster.get(obj.kind, obj.metadata.namespace, obj.metadata.name) !== undefined;
          if (output && output !== 'wide') printed.push(obj);
          else stdout += `${refOf(obj)} ${doneWord(verb, exists ? 'configured' : 'created', serverSide)}${dryRunSuffix(dry)}\n`;
          continue;
        }
        if (verb === 'apply' && !serverSide) stderr += missingLastAppliedWarning(ctx, obj);
        const result = write(verb, ctx.cluster, obj, dry === 'server');
        if (!result.ok) {
          errors.push(statusErr({ ...result.error, position: result.error.position ?? f.doc.position }, ERROR_VERB[verb], f.source));
          continue;
        }
        if (output && output !== 'wide') printed.push(result.object);
        else stdout += `${refOf(result.object)} ${doneWord(verb, result.action, serverSide)}${dryRunSuffix(dry)}\n`;
      }
      if (printed.length) {
        // Several objects print as one List (apply.go PrintFlags with a list).
        const groups = printed.map((o) => ({ resource: resourceForKind(o.kind), objects: [o] }));
        stdout += printGet(groups, { output, singleItem: printed.length === 1, namespace }, ctx.cluster).stdout;
      }
      if (verb !== 'apply' && read.stopped) errors.push(read.stopped);
      return { stdout, stderr: stderr + renderErrors(errors), exitCode: errors.length ? 1 : 0 };
    },
  };
}

/**
 * apply.go Validate, in its order, as far as svcsim has the flags (no --applyset, no
 * --subresource). --prune is otherwise not simulated: nothing is pruned.
 */
function applyRefusal(p: ParsedFlags, dry: DryRun, serverSide: boolean): string | undefined {
  const force = flagBool(p, 'force');
  const selector = flagValue(p, 'selector') ?? '';
  const all = flagBool(p, 'all');
  if (flagBool(p, 'force-conflicts') && !serverSide) return '--force-conflicts only works with --server-side';
  if (dry === 'client' && serverSide) return "--dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)";
  if (serverSide && force) return '--force cannot be used with --server-side';
  if (dry === 'server' && force) return '--dry-run=server cannot be used with --force';
  if (all && selector.length > 0) return 'cannot set --all and --selector at the same time';
  if (flagBool(p, 'prune')) {
    if (force) return '--force cannot be used with --prune';
    if (!all && selector === '') {
      return 'all resources selected for prune without explicitly passing --all. To prune all resources, pass the --all flag. If you did not mean to prune all resources, specify a label selector';
    }
    if (serverSide) return "--prune is in alpha and doesn't currently work on objects created by server-side apply";
  }
  return undefined;
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
