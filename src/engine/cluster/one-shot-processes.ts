/**
 * Containers that run a command which ends: a pod whose single container is given a command
 * (`kubectl run t --image=busybox --restart=Never -- wget -qO- web`). The control plane notes
 * each such pod as it starts; whoever can run commands (the session, with the console's
 * programs) takes them, runs each inside its pod, and reports back. With restartPolicy Never
 * (or OnFailure and a success) the pod then ends as the kubelet ends it (pod-completion.ts);
 * otherwise the kubelet restarts the container with a back-off (crash-loop.ts). What the
 * process printed is what `kubectl logs` prints.
 *
 * Pods that run their image's own entrypoint are left running: what an image runs by default
 * is not svcsim's to guess.
 */
import type { Pod } from '../api/core.ts';

/** A container process the control plane started and nobody has run yet. */
export interface ProcessStart {
  namespace: string;
  name: string;
  uid: string;
  /** The node it runs on. */
  node: string;
  container: string;
  restartPolicy: 'Always' | 'OnFailure' | 'Never';
  image: string;
  /** command then args, as the container runtime joins them when the pod gives a command. */
  command: readonly string[] | undefined;
  args: readonly string[] | undefined;
  /** The container's start, milliseconds on the simulated clock. */
  startedAt: number;
}

/** How a process ended: its exit code, what it printed, and when it finished. */
export interface ProcessExit {
  exitCode: number;
  /** stdout and stderr, in the order the process wrote them (what the runtime logs). */
  log: string;
  finishedAt: number;
}

/** A single container given a command, no init containers: the pods svcsim may run. */
export function runsCommand(pod: Pod): boolean {
  if (pod.spec.containers.length !== 1 || pod.spec.initContainers?.length) return false;
  const c = pod.spec.containers[0];
  return !!(c.command?.length || c.args?.length);
}

export class OneShotProcesses {
  private started: ProcessStart[] = [];
  /** pod uid -> container -> output. */
  private readonly logs = new Map<string, Map<string, string>>();
  /** The same for the container's previous instance (`kubectl logs -p`). */
  private readonly previousLogs = new Map<string, Map<string, string>>();

  /** A pod has just started on its node: queued when it is one that runs a command and stops. */
  noteStart(pod: Pod, startedAt: number): void {
    if (pod.status?.phase !== 'Running' || !runsCommand(pod)) return;
    const c = pod.spec.containers[0];
    const { namespace = 'default', name, uid = '' } = pod.metadata;
    const restartPolicy = pod.spec.restartPolicy === 'Never' || pod.spec.restartPolicy === 'OnFailure' ? pod.spec.restartPolicy : 'Always';
    this.started.push({ namespace, name, uid, node: pod.spec.nodeName ?? '', container: c.name, restartPolicy, image: c.image ?? '', command: c.command, args: c.args, startedAt });
  }

  /** The processes started since the last call, oldest first. */
  take(): ProcessStart[] {
    const out = this.started;
    this.started = [];
    return out;
  }

  setLog(uid: string, container: string, log: string, previous?: string): void {
    put(this.logs, uid, container, log);
    if (previous !== undefined) put(this.previousLogs, uid, container, previous);
  }

  log(uid: string, container: string, previous = false): string | undefined {
    return (previous ? this.previousLogs : this.logs).get(uid)?.get(container);
  }

  /** A deleted pod's logs go with it (the kubelet removes its containers). */
  forget(uid: string): void {
    this.logs.delete(uid);
    this.previousLogs.delete(uid);
  }
}

function put(logs: Map<string, Map<string, string>>, uid: string, container: string, log: string): void {
  let m = logs.get(uid);
  if (!m) logs.set(uid, (m = new Map()));
  m.set(container, log);
}
