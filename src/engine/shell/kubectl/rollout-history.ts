/**
 * kubectl rollout history and undo for Deployments (kubectl v1.33 pkg/cmd/rollout
 * rollout_history.go, rollout_undo.go; polymorphichelpers history.go, rollback.go). The
 * revisions are the Deployment's ReplicaSets' deployment.kubernetes.io/revision numbers.
 */
import type { Deployment, ReplicaSet } from '../../api/apps.ts';
import type { PodTemplateSpec } from '../../api/core.ts';
import type { KubeObject } from '../../api/objects.ts';
import { equalIgnoringHash, POD_TEMPLATE_HASH_LABEL } from '../../cluster/pod-template-hash.ts';
import { ANNOTATIONS_TO_SKIP, CHANGE_CAUSE, revisionOf } from '../../cluster/replicaset-annotations.ts';
import { flagValue } from '../flags.ts';
import { failure, type ShellContext } from '../context.ts';
import { DRY_RUN_FLAG, dryRunOf, dryRunSuffix, OUTPUT_FLAG, type KubectlCommand } from './command.ts';
import { plainErr, type KubectlError } from './errors.ts';
import { describePodTemplate } from './print/describe/deployment.ts';
import { PrefixWriter } from './print/describe/prefix-writer.ts';
import { DESCRIBE_TABWRITER, formatTabbedText } from './print/tabwriter.ts';
import { refOf } from './resource-args.ts';
import { finish, groupKind, nameLine, noVisitor, ROLLOUT_FLAGS, rolloutTargets, unsupportedOutput } from './rollout.ts';

/**
 * deploymentutil.GetAllReplicaSets: the ReplicaSets the Deployment controls, in list (name)
 * order, the new one (the oldest whose template matches, FindNewReplicaSet) moved last.
 */
function replicaSetsOf(d: Deployment, ctx: ShellContext): ReplicaSet[] {
  const owned = ctx.cluster
    .list('ReplicaSet', d.metadata.namespace)
    .filter((rs) => rs.metadata.ownerReferences?.some((o) => o.controller && o.uid === d.metadata.uid));
  const byAge = [...owned].sort((a, b) => {
    const ta = a.metadata.creationTimestamp ?? '';
    const tb = b.metadata.creationTimestamp ?? '';
    return ta === tb ? (a.metadata.name < b.metadata.name ? -1 : 1) : ta < tb ? -1 : 1;
  });
  const newRS = byAge.find((rs) => equalIgnoringHash(rs.spec.template, d.spec.template));
  return newRS ? [...owned.filter((rs) => rs !== newRS), newRS] : owned;
}

/** history.go printTemplate: DescribePodTemplate on a PrefixWriter over a plain buffer (tabs left as they are). */
function printTemplate(t: PodTemplateSpec): string {
  const w = new PrefixWriter();
  describePodTemplate(w, t);
  return w.raw();
}

/** The revisions by number; a later ReplicaSet with the same number wins, as in a Go map. */
function revisions(rss: readonly ReplicaSet[]): Map<number, ReplicaSet> {
  const out = new Map<number, ReplicaSet>();
  for (const rs of rss) {
    const v = revisionOf(rs);
    if (v !== undefined) out.set(v, rs);
  }
  return out;
}

/** The template history shows: the ReplicaSet's, with its change-cause among the annotations. */
function historyTemplate(rs: ReplicaSet): PodTemplateSpec {
  const cause = rs.metadata.annotations?.[CHANGE_CAUSE];
  const t = rs.spec.template;
  if (!cause) return t;
  return { ...t, metadata: { ...t.metadata, annotations: { ...t.metadata?.annotations, [CHANGE_CAUSE]: cause } } };
}

/** DeploymentHistoryViewer.ViewHistory: the text after the name line, or the error. */
function viewHistory(d: Deployment, ctx: ShellContext, revision: number): { text: string } | { error: string } {
  const info = revisions(replicaSetsOf(d, ctx));
  if (info.size === 0) return { text: 'No rollout history found.' };
  if (revision > 0) {
    const rs = info.get(revision);
    return rs ? { text: printTemplate(historyTemplate(rs)) } : { error: 'unable to find the specified revision' };
  }
  const rows = [...info.keys()].sort((a, b) => a - b).map((r) => `${r}\t${info.get(r)!.metadata.annotations?.[CHANGE_CAUSE] || '<none>'}\n`);
  return { text: formatTabbedText(`REVISION\tCHANGE-CAUSE\n${rows.join('')}`, DESCRIBE_TABWRITER) };
}

/** HistoryViewerFor / RollbackerFor's refusal for kinds other than Deployment. */
function notImplemented(obj: KubeObject, what: 'history viewer' | 'rollbacker'): string {
  const visitor = noVisitor(obj);
  const kind = groupKind(obj);
  if (visitor) return `error retrieving ${what === 'history viewer' ? 'history' : 'rollbacker'} for "${kind}", ${visitor}`;
  return `no ${what} has been implemented for "${kind}"`;
}

export const rolloutHistory: KubectlCommand = {
  name: 'rollout history',
  flags: [...ROLLOUT_FLAGS, OUTPUT_FLAG, { name: 'revision', type: 'int' }, { name: 'template', type: 'string' }, { name: 'allow-missing-template-keys', type: 'bool' }, { name: 'show-managed-fields', type: 'bool' }],
  run(p, ctx) {
    const revision = Number(flagValue(p, 'revision') ?? 0);
    if (p.args.length && revision < 0) return failure(`error: revision must be a positive integer: ${revision}`);
    const bad = unsupportedOutput(p);
    if (bad) return bad;
    const t = rolloutTargets('history', p, ctx);
    if (!t.ok) return t.out;
    let stdout = '';
    const errors: KubectlError[] = [];
    for (const obj of t.objects) {
      if (obj.kind !== 'Deployment') {
        errors.push(plainErr(notImplemented(obj, 'history viewer')));
        continue;
      }
      if (flagValue(p, 'output') !== undefined) {
        // -o name prints the ReplicaSets of the revisions (GetHistory).
        const info = revisions(replicaSetsOf(obj, ctx));
        if (revision > 0) {
          const rs = info.get(revision);
          if (!rs) errors.push(plainErr('unable to find the specified revision'));
          else stdout += `${refOf(rs)}\n`;
        } else {
          for (const r of [...info.keys()].sort((a, b) => a - b)) stdout += `${refOf(info.get(r)!)}\n`;
        }
        continue;
      }
      const h = viewHistory(obj, ctx, revision);
      if ('error' in h) {
        errors.push(plainErr(h.error));
        continue;
      }
      // The NamePrinter's operation is "<with revision #N>\n<history>".
      stdout += `${refOf(obj)} ${revision > 0 ? `with revision #${revision}` : ''}\n${h.text}\n`;
    }
    return finish(stdout, [...errors, ...t.errors]);
  },
};

/** rollback.go deploymentRevision: the ReplicaSet of a revision, or the one before the latest for 0. */
function rollbackTarget(d: Deployment, ctx: ShellContext, toRevision: number): ReplicaSet | string {
  let latest = -1;
  let latestRS: ReplicaSet | undefined;
  let previous = -1;
  let previousRS: ReplicaSet | undefined;
  for (const rs of replicaSetsOf(d, ctx)) {
    const v = revisionOf(rs);
    if (v === undefined) continue;
    if (toRevision === 0) {
      if (latest < v) {
        previous = latest;
        previousRS = latestRS;
        latest = v;
        latestRS = rs;
      } else if (previous < v) {
        previous = v;
        previousRS = rs;
      }
    } else if (toRevision === v) {
      return rs;
    }
  }
  if (toRevision > 0) return `unable to find specified revision ${toRevision} in history`;
  return previousRS ?? `no rollout history found for deployment "${d.metadata.name}"`;
}

/** The Deployment rolled back: the revision's template without its hash label, annotations as rollback.go computes them. */
function rolledBack(d: Deployment, rs: ReplicaSet): Deployment {
  const t = rs.spec.template;
  const labels = { ...t.metadata?.labels };
  delete labels[POD_TEMPLATE_HASH_LABEL];
  const template: PodTemplateSpec = { ...t, metadata: { ...t.metadata, labels } };
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) if (ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
  for (const [k, v] of Object.entries(rs.metadata.annotations ?? {})) if (!ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
  return { ...d, metadata: { ...d.metadata, annotations }, spec: { ...d.spec, template } };
}

export const rolloutUndo: KubectlCommand = {
  name: 'rollout undo',
  flags: [...ROLLOUT_FLAGS, OUTPUT_FLAG, DRY_RUN_FLAG, { name: 'to-revision', type: 'int' }, { name: 'template', type: 'string' }, { name: 'allow-missing-template-keys', type: 'bool' }, { name: 'show-managed-fields', type: 'bool' }],
  run(p, ctx) {
    const dry = dryRunOf(p);
    if (typeof dry === 'object') return failure(`error: ${dry.error}`);
    const bad = unsupportedOutput(p);
    if (bad) return bad;
    const toRevision = Number(flagValue(p, 'to-revision') ?? 0);
    const t = rolloutTargets('undo', p, ctx);
    if (!t.ok) return t.out;
    let stdout = '';
    // Each object's error is collected and the rest still visited (builder ContinueOnError).
    const errors: KubectlError[] = [];
    const fail = (message: string) => errors.push(plainErr(message));
    for (const obj of t.objects) {
      if (obj.kind !== 'Deployment') {
        fail(notImplemented(obj, 'rollbacker'));
        continue;
      }
      if (toRevision < 0) {
        fail(`unable to find specified revision ${toRevision} in history`);
        continue;
      }
      const rs = rollbackTarget(obj, ctx, toRevision);
      if (typeof rs === 'string') {
        fail(rs);
        continue;
      }
      // The printer's operation gets the dry-run suffix (PrintFlagsWithDryRunStrategy).
      const line = (result: string) => nameLine(p, obj, `${result}${dryRunSuffix(dry)}`);
      if (dry === 'client') {
        stdout += line(printTemplate(rs.spec.template));
      } else if (obj.spec.paused) {
        fail("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again");
      } else if (equalIgnoringHash(rs.spec.template, obj.spec.template)) {
        stdout += line(`skipped rollback (current template already matches revision ${toRevision})`);
      } else {
        const r = ctx.cluster.update(rolledBack(obj, rs), { dryRun: dry === 'server' });
        if (r.ok) stdout += line('rolled back');
        else fail(`failed restoring revision ${toRevision}: ${r.error.message}`);
      }
    }
    return finish(stdout, [...errors, ...t.errors]);
  },
};
