/**
 * Pods that run one command and stop: a pod with `restartPolicy: Never` whose single container
 * is given a command (`kubectl run t --image=busybox --restart=Never -- wget -qO- web`). The
 * control plane notes each such pod as it starts; whoever can run commands (the session, with
 * the console's programs) takes them, runs each once inside its pod, and reports the exit code
 * and output back. The pod then ends as the kubelet ends it (see pod-completion.ts) and its
 * output is what `kubectl logs` prints.
 *
 * OnFailure pods are left running: a failed run would be restarted with back-off
 * (CrashLoopBackOff), which svcsim does not simulate. So are pods that run their image's own
 * entrypoint: what an image runs by default is not svcsim's to guess.
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

export function isOneShot(pod: Pod): boolean {
  if (pod.spec.restartPolicy !== 'Never' || pod.spec.containers.length !== 1 || pod.spec.initContainers?.length) return false;
  const c = pod.spec.containers[0];
  return !!(c.command?.length || c.args?.length);
}

export class OneShotProcesses {
  private started: ProcessStart[] = [];
  /** pod uid -> container -> output. */
  private readonly logs = new Map<string, Map<string, string>>();

  /** A pod has just started on its node: queued when it is one that runs a command and stops. */
  noteStart(pod: Pod, startedAt: number): void {
    if (pod.spec.restartPolicy !== 'Never' || pod.status?.phase !== 'Running' || !isOneShot(pod)) return;
    const c = pod.spec.containers[0];
    const { namespace = 'default', name, uid = '' } = pod.metadata;
    this.started.push({ namespace, name, uid, node: pod.spec.nodeName ?? '', container: c.name, image: c.image ?? '', command: c.command, args: c.args, startedAt });
  }

  /** The processes started since the last call, oldest first. */
  take(): ProcessStart[] {
    const out = this.started;
    this.started = [];
    return out;
  }

  setLog(uid: string, container: string, log: string): void {
    let m = this.logs.get(uid);
    if (!m) this.logs.set(uid, (m = new Map()));
    m.set(container, log);
  }

  log(uid: string, container: string): string | undefined {
    return this.logs.get(uid)?.get(container);
  }

  /** A deleted pod's logs go with it (the kubelet removes its containers). */
  forget(uid: string): void {
    this.logs.delete(uid);
  }
}
