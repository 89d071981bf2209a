/**
 * kubectl rollout status|restart|pause|resume (kubectl v1.33 pkg/cmd/rollout, polymorphichelpers
 * rollout_status.go, objectrestarter.go, objectpauser.go, objectresumer.go), and what every
 * rollout subcommand shares: the objects named, and the kinds svcsim does not model. History
 * and undo are in rollout-history.ts.
 */
import type { DaemonSet, Deployment } from '../../api/apps.ts';
import type { KubeObject } from '../../api/objects.ts';
import { RESOURCES, type ResourceInfo } from '../../api/resources.ts';
import { rfc3339 } from '../../cluster/object-meta.ts';
import { REVISION, parseRevision } from '../../cluster/replicaset-annotations.ts';
import { parseGoDuration } from '../../api/go-duration.ts';
import { flagValue, type FlagSpec, type ParsedFlags } from '../flags.ts';
import { failure, type CommandOutput, type ShellContext } from '../context.ts';
import { FILENAME_FLAG, namespaceOf, OUTPUT_FLAG, RECURSIVE_FLAG, SELECTOR_FLAG, type KubectlCommand } from './command.ts';
import { plainErr, renderErrors, type KubectlError } from './errors.ts';
import { objectsOf, qualifiedResource, scopeOf } from './list-objects.ts';
import { parseResourceArgs, refOf } from './resource-args.ts';

export const ROLLOUT_FLAGS: readonly FlagSpec[] = [FILENAME_FLAG, SELECTOR_FLAG, RECURSIVE_FLAG, { name: 'kustomize', shorthand: 'k', type: 'string' }];
const PRINT_FLAGS: readonly FlagSpec[] = [OUTPUT_FLAG, { name: 'template', type: 'string' }, { name: 'allow-missing-template-keys', type: 'bool' }, { name: 'show-managed-fields', type: 'bool' }];
const PATCH_FLAGS: readonly FlagSpec[] = [...ROLLOUT_FLAGS, ...PRINT_FLAGS, { name: 'field-manager', type: 'string' }];

/** The kinds kubectl rolls out that svcsim has no controller for. */
const UNMODELLED: Record<string, string> = {
  statefulset: 'StatefulSets',
  statefulsets: 'StatefulSets',
  sts: 'StatefulSets',
};

/** The objects a rollout subcommand works on (builder.go with ContinueOnError), or its output when it ends before. */
export type Targets = { ok: true; objects: KubeObject[]; errors: KubectlError[] } | { ok: false; out: CommandOutput };

export function rolloutTargets(sub: string, p: ParsedFlags, ctx: ShellContext): Targets {
  if (p.args.length === 0 && p.values.get('filename') === undefined) return { ok: false, out: failure('error: required resource not specified') };
  if (p.values.get('filename') !== undefined || p.values.get('kustomize') !== undefined) {
    return { ok: false, out: failure(`error: svcsim: rollout ${sub} -f is not supported; name the resource instead (kubectl rollout ${sub} deployment/NAME)`) };
  }
  for (const a of p.args) {
    const type = (a.includes('/') ? a.slice(0, a.indexOf('/')) : p.args[0]).toLowerCase().replace(/\.apps$/, '');
    const kinds = UNMODELLED[type];
    if (kinds) return { ok: false, out: failure(`error: svcsim: ${kinds} are not simulated; kubectl rollout ${sub} here works on Deployments (deployment/NAME)`) };
    // A DaemonSet's history lives in ControllerRevisions, which svcsim does not keep.
    if ((sub === 'history' || sub === 'undo') && ['daemonset', 'daemonsets', 'ds'].includes(type)) {
      return { ok: false, out: failure(`error: svcsim: rollout ${sub} of DaemonSets is not simulated (svcsim keeps no ControllerRevisions); kubectl rollout ${sub} here works on Deployments (deployment/NAME)`) };
    }
  }
  const parsed = parseResourceArgs(p.args);
  if (!parsed.ok) return { ok: false, out: failure(parsed.error) };
  const scope = scopeOf(p);
  if ('error' in scope) return { ok: false, out: failure(scope.error) };
  const { objects, errors } = objectsOf(ctx.cluster, parsed.requests, scope);
  if (!objects.length && !errors.length) return { ok: false, out: { stdout: '', stderr: `No resources found in ${namespaceOf(p)} namespace.\n`, exitCode: 0 } };
  return { ok: true, objects, errors };
}

export function resourceOf(obj: KubeObject): ResourceInfo {
  return RESOURCES.find((r) => r.kind === obj.kind) as ResourceInfo;
}

/** schema.GroupKind's String(): `Service`, `ReplicaSet.apps`. */
export function groupKind(obj: KubeObject): string {
  const r = resourceOf(obj);
  return r.group ? `${obj.kind}.${r.group}` : obj.kind;
}

/** apps.GroupKindElement.Accept's error for kinds with no visitor (the element prints as a Go struct: `{ Service}`). */
export function noVisitor(obj: KubeObject): string | undefined {
  if (['Deployment', 'ReplicaSet', 'Pod'].includes(obj.kind)) return undefined;
  return `no visitor method exists for {${resourceOf(obj).group} ${obj.kind}}`;
}

/** The printer's line: `deployment.apps/web paused`, or the name alone with -o name. */
export function nameLine(p: ParsedFlags, obj: KubeObject, operation: string): string {
  return flagValue(p, 'output') === 'name' ? `${refOf(obj)}\n` : `${refOf(obj)} ${operation}\n`;
}

/** -o other than name: svcsim prints rollout results by name only. */
export function unsupportedOutput(p: ParsedFlags): CommandOutput | undefined {
  const o = flagValue(p, 'output');
  if (o === undefined || o === 'name') return undefined;
  return failure(`error: svcsim: rollout prints its results by name only (-o name), not -o ${o}`);
}

/** What the command printed and the errors it collected, as kubectl ends (utilerrors.NewAggregate). */
export function finish(stdout: string, errors: readonly KubectlError[], stderr = ''): CommandOutput {
  if (!errors.length) return { stdout, stderr, exitCode: 0 };
  return { stdout, stderr: stderr + renderErrors(errors), exitCode: 1 };
}

/** set.CalculatePatches' per-object change: the new object, or the error line kubectl prints. */
type Patcher<T> = (d: T, ctx: ShellContext, failed: (reason: string) => string) => T | string;

/** RunPause / RunResume / RunRestart's error for a helper's refusal: `error: deployments.apps "web" is already paused`. */
function refusal(obj: KubeObject): (reason: string) => string {
  return (reason) => `error: ${qualifiedResource(resourceOf(obj))} "${obj.metadata.name}" ${reason}`;
}

/** RunPause / RunResume / RunRestart: patch each object, print the operation, collect the errors. */
function patchCommand(sub: string, operation: string, unsupported: string, patch: Patcher<Deployment>, patchDaemonSet?: Patcher<DaemonSet>): KubectlCommand {
  return {
    name: `rollout ${sub}`,
    flags: PATCH_FLAGS,
    run(p, ctx) {
      const bad = unsupportedOutput(p);
      if (bad) return bad;
      const t = rolloutTargets(sub, p, ctx);
      if (!t.ok) return t.out;
      let stdout = '';
      const errors = [...t.errors];
      for (const obj of t.objects) {
        const failed = refusal(obj);
        const changed = obj.kind === 'Deployment' ? patch(obj, ctx, failed) : obj.kind === 'DaemonSet' && patchDaemonSet ? patchDaemonSet(obj, ctx, failed) : failed(unsupported);
        if (typeof changed === 'string') {
          errors.push(plainErr(changed));
          continue;
        }
        const r = ctx.cluster.update(changed);
        if (!r.ok) {
          errors.push(plainErr(`failed to patch: ${r.error.message}`));
          continue;
        }
        stdout += nameLine(p, obj, operation);
      }
      return finish(stdout, errors);
    },
  };
}

export const rolloutPause = patchCommand('pause', 'paused', 'pausing is not supported', (d, _ctx, failed) =>
  d.spec.paused ? failed('is already paused') : { ...d, spec: { ...d.spec, paused: true } },
);

export const rolloutResume = patchCommand('resume', 'resumed', 'resuming is not supported', (d, _ctx, failed) => {
  if (!d.spec.paused) return failed('is not paused');
  // paused is omitempty: false leaves the object.
  const spec = { ...d.spec };
  delete spec.paused;
  return { ...d, spec };
});

const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

/** The restarter writes time.Now() in RFC 3339; svcsim's clock, in UTC. */
function restarted<T extends Deployment | DaemonSet>(d: T, ctx: ShellContext): T | string {
  const at = rfc3339(ctx.cluster.now());
  const meta = d.spec.template.metadata ?? {};
  // Within the same second the patch comes out empty (rollout_restart.go).
  if (meta.annotations?.[RESTARTED_AT] === at) {
    return `failed to create patch for ${d.metadata.name}: if restart has already been triggered within the past second, please wait before attempting to trigger another`;
  }
  const template = { ...d.spec.template, metadata: { ...meta, annotations: { ...meta.annotations, [RESTARTED_AT]: at } } };
  return { ...d, spec: { ...d.spec, template } };
}

export const rolloutRestart = patchCommand(
  'restart',
  'restarted',
  'restarting is not supported',
  (d, ctx, failed) => (d.spec.paused ? failed("can't restart paused deployment (run rollout resume first)") : restarted(d, ctx)),
  (ds, ctx) => restarted(ds, ctx),
);

/** DaemonSetStatusViewer.Status (polymorphichelpers/rollout_status.go); the revision is ignored, as there. */
export function daemonSetStatus(ds: DaemonSet): { line: string; done: boolean } | { error: string } {
  // The message names StatefulSet's constant, which reads the same.
  if ((ds.spec.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return { error: 'rollout status is only available for RollingUpdate strategy type' };
  const st = ds.status;
  if ((ds.metadata.generation ?? 0) > (st?.observedGeneration ?? 0)) return { line: 'Waiting for daemon set spec update to be observed...\n', done: false };
  const desired = st?.desiredNumberScheduled ?? 0;
  const updated = st?.updatedNumberScheduled ?? 0;
  const available = st?.numberAvailable ?? 0;
  const waiting = `Waiting for daemon set "${ds.metadata.name}" rollout to finish: `;
  if (updated < desired) return { line: `${waiting}${updated} out of ${desired} new pods have been updated...\n`, done: false };
  if (available < desired) return { line: `${waiting}${available} of ${desired} updated pods are available...\n`, done: false };
  return { line: `daemon set "${ds.metadata.name}" successfully rolled out\n`, done: true };
}

/** DeploymentStatusViewer.Status: the line, whether the rollout is done, or the error. */
export function deploymentStatus(d: Deployment, revision: number): { line: string; done: boolean } | { error: string } {
  if (revision > 0) {
    const raw = d.metadata.annotations?.[REVISION];
    const current = raw === undefined ? 0 : parseRevision(raw);
    if (current === undefined) return { error: `cannot get the revision of deployment "${d.metadata.name}": strconv.ParseInt: parsing "${raw}": invalid syntax` };
    if (current !== revision) return { error: `desired revision (${revision}) is different from the running revision (${current})` };
  }
  const name = d.metadata.name;
  const st = d.status ?? {};
  if ((d.metadata.generation ?? 0) > (st.observedGeneration ?? 0)) return { line: 'Waiting for deployment spec update to be observed...\n', done: false };
  const progressing = st.conditions?.find((c) => c.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') return { error: `deployment "${name}" exceeded its progress deadline` };
  const replicas = d.spec.replicas ?? 1;
  const updated = st.updatedReplicas ?? 0;
  const total = st.replicas ?? 0;
  const available = st.availableReplicas ?? 0;
  const waiting = `Waiting for deployment "${name}" rollout to finish: `;
  if (updated < replicas) return { line: `${waiting}${updated} out of ${replicas} new replicas have been updated...\n`, done: false };
  if (total > updated) return { line: `${waiting}${total - updated} old replicas are pending termination...\n`, done: false };
  if (available < updated) return { line: `${waiting}${available} of ${updated} updated replicas are available...\n`, done: false };
  return { line: `deployment "${name}" successfully rolled out\n`, done: true };
}

const WATCH_NOTE =
  'svcsim: kubectl would keep watching here until the rollout finishes; nothing left in svcsim moves it on by itself (pods kept unready, a paused Deployment), so it returns instead (use --timeout=DURATION, or --watch=false)\n';

export const rolloutStatus: KubectlCommand = {
  name: 'rollout status',
  flags: [...ROLLOUT_FLAGS, { name: 'watch', shorthand: 'w', type: 'bool' }, { name: 'revision', type: 'int' }, { name: 'timeout', type: 'string' }],
  run(p, ctx) {
    const revision = Number(flagValue(p, 'revision') ?? 0);
    const timeoutText = flagValue(p, 'timeout') ?? '0s';
    const parsed = parseGoDuration(timeoutText);
    if ('error' in parsed) return failure(`error: invalid argument "${timeoutText}" for "--timeout" flag: ${parsed.error}\nSee 'kubectl rollout status --help' for usage.`);
    // ContextWithOptionalTimeout: a negative timeout is logged and treated as none.
    const timeout = Math.max(0, parsed.ns / 1e9);
    if (p.args.length && revision < 0) return failure(`error: revision must be a positive integer: ${revision}`);
    const t = rolloutTargets('status', p, ctx);
    if (!t.ok) return t.out;
    const watch = flagValue(p, 'watch') !== 'false';
    let stdout = '';
    const errors: KubectlError[] = [];
    for (const obj of t.objects) {
      if (obj.kind !== 'Deployment' && obj.kind !== 'DaemonSet') {
        errors.push(plainErr(`error: no status viewer has been implemented for ${groupKind(obj)}`));
        continue;
      }
      const s = obj.kind === 'Deployment' ? deploymentStatus(obj, revision) : daemonSetStatus(obj);
      if ('error' in s) {
        errors.push(plainErr(s.error));
        continue;
      }
      stdout += s.line;
      if (s.done || !watch) continue;
      // Watching: the clock moves to each change the cluster makes by itself (a readiness probe
      // passing after its initial delay), printing each new status, until done or the timeout.
      const watched = watchUntilDone(ctx, obj, revision, s.line, timeout);
      stdout += watched.stdout;
      if (watched.result === 'done') continue;
      if (watched.result === 'error') {
        errors.push(plainErr(watched.error));
        continue;
      }
      // Nothing left to move it on: kubectl would keep watching (or time out).
      if (timeout === 0) return { stdout, stderr: WATCH_NOTE, exitCode: 1 };
      return finish(stdout, [plainErr('timed out waiting for the condition')]);
    }
    return finish(stdout, [...errors, ...t.errors]);
  },
};

/**
 * kubectl's watch on one object: the clock moves on to the cluster's next change on its own,
 * within the timeout (0: none), printing a status line each time it differs from the last.
 * 'stuck': nothing more will change, and with a timeout the clock has reached it.
 */
function watchUntilDone(
  ctx: ShellContext,
  obj: Deployment | DaemonSet,
  revision: number,
  lastLine: string,
  timeoutSeconds: number,
): { stdout: string; result: 'done' | 'stuck' } | { stdout: string; result: 'error'; error: string } {
  const deadline = timeoutSeconds > 0 ? ctx.cluster.now() + timeoutSeconds * 1000 : Infinity;
  let stdout = '';
  let last = lastLine;
  for (;;) {
    const next = ctx.cluster.nextChangeAt?.();
    if (next === undefined || next > deadline) break;
    ctx.cluster.tick(Math.max(0, next - ctx.cluster.now()) / 1000);
    const now = ctx.cluster.get(obj.kind, obj.metadata.namespace, obj.metadata.name);
    if (!now) break;
    const s = now.kind === 'Deployment' ? deploymentStatus(now, revision) : daemonSetStatus(now as DaemonSet);
    if ('error' in s) return { stdout, result: 'error', error: s.error };
    if (s.line !== last) stdout += s.line;
    last = s.line;
    if (s.done) return { stdout, result: 'done' };
  }
  if (deadline !== Infinity) ctx.cluster.tick(Math.max(0, deadline - ctx.cluster.now()) / 1000);
  return { stdout, result: 'stuck' };
}

/** `kubectl rollout` alone: cobra prints the help to stdout and exits 1 (DefaultSubCommandRun). */
export const rollout: KubectlCommand = {
  name: 'rollout',
  flags: [],
  run: () => ({ stdout: "svcsim simulates 'kubectl rollout history|pause|restart|resume|status|undo' but does not reproduce its help text.\n", stderr: '', exitCode: 1 }),
};
