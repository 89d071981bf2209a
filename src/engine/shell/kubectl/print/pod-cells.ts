/**
 * The pod table's cells: READY, STATUS, RESTARTS and the wide columns, following printPod in
 * kubernetes/kubernetes pkg/printers/internalversion/printers.go.
 */
import type { Container, ContainerStatus, Pod } from '../../../api/core.ts';
import { humanDuration } from './duration.ts';

/** Status fields svcsim's Pod type leaves open but a scenario may carry. */
type Terminated = { exitCode: number; signal?: number; reason?: string; finishedAt?: string };
type StatusWithHistory = ContainerStatus & { lastState?: { terminated?: Terminated } };
type PodStatusExtra = { reason?: string; initContainerStatuses?: StatusWithHistory[] };

function isRestartableInit(c: Container | undefined): boolean {
  return c?.restartPolicy === 'Always';
}

/** [NAME, READY, STATUS, RESTARTS, AGE] minus NAME and AGE: the middle three cells. */
export function podStatusCells(pod: Pod, nowMs: number): { ready: string; status: string; restarts: string } {
  const status = pod.status ?? {};
  const extra = status as PodStatusExtra;
  let restarts = 0;
  let restartableInitRestarts = 0;
  let totalContainers = pod.spec.containers.length;
  let readyContainers = 0;
  let lastRestart = 0;
  let lastRestartableInitRestart = 0;
  let reason: string = extra.reason || status.phase || '';

  for (const c of status.conditions ?? []) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }

  const inits = new Map<string, Container>();
  for (const c of pod.spec.initContainers ?? []) {
    inits.set(c.name, c);
    if (isRestartableInit(c)) totalContainers++;
  }

  const finished = (cs: StatusWithHistory) => {
    const t = cs.lastState?.terminated?.finishedAt;
    return t ? Date.parse(t) : 0;
  };

  let initializing = false;
  const initStatuses = extra.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i];
    restarts += cs.restartCount;
    lastRestart = Math.max(lastRestart, finished(cs));
    const restartable = isRestartableInit(inits.get(cs.name));
    if (restartable) {
      restartableInitRestarts += cs.restartCount;
      lastRestartableInitRestart = Math.max(lastRestartableInitRestart, finished(cs));
    }
    const term = cs.state?.terminated as Terminated | undefined;
    if (term && term.exitCode === 0) continue;
    if (restartable && cs.started) {
      if (cs.ready) readyContainers++;
      continue;
    }
    if (term) {
      reason = term.reason ? `Init:${term.reason}` : term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode}`;
    } else if (cs.state?.waiting?.reason && cs.state.waiting.reason !== 'PodInitializing') {
      reason = `Init:${cs.state.waiting.reason}`;
    } else {
      reason = `Init:${i}/${(pod.spec.initContainers ?? []).length}`;
    }
    initializing = true;
    break;
  }

  const initializedTrue = (status.conditions ?? []).some((c) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initializedTrue) {
    restarts = restartableInitRestarts;
    lastRestart = lastRestartableInitRestart;
    let hasRunning = false;
    const statuses = (status.containerStatuses ?? []) as StatusWithHistory[];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i];
      restarts += cs.restartCount;
      lastRestart = Math.max(lastRestart, finished(cs));
      const term = cs.state?.terminated as Terminated | undefined;
      if (cs.state?.waiting?.reason) reason = cs.state.waiting.reason;
      else if (term?.reason) reason = term.reason;
      else if (term) reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode}`;
      else if (cs.ready && cs.state?.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      const podReady = (status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
      reason = podReady ? 'Running' : 'NotReady';
    }
  }

  const terminal = status.phase === 'Succeeded' || status.phase === 'Failed';
  if (pod.metadata.deletionTimestamp && extra.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp && !terminal) reason = 'Terminating';

  let restartsStr = String(restarts);
  if (restarts !== 0 && lastRestart > 0) restartsStr = `${restarts} (${humanDuration(nowMs - lastRestart)} ago)`;
  return { ready: `${readyContainers}/${totalContainers}`, status: reason, restarts: restartsStr };
}

/** IP, NODE, NOMINATED NODE, READINESS GATES. */
export function podWideCells(pod: Pod): string[] {
  const ip = pod.status?.podIPs?.[0]?.ip || pod.status?.podIP || '<none>';
  const node = pod.spec.nodeName || '<none>';
  const nominated = pod.status?.nominatedNodeName || '<none>';
  const gates = (pod.spec.readinessGates ?? []) as { conditionType: string }[];
  let readiness = '<none>';
  if (gates.length > 0) {
    let trueCount = 0;
    for (const g of gates) {
      const c = (pod.status?.conditions ?? []).find((x) => x.type === g.conditionType);
      if (c?.status === 'True') trueCount++;
    }
    readiness = `${trueCount}/${gates.length}`;
  }
  return [ip, node, nominated, readiness];
}
