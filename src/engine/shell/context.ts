/** What a console command runs against, and what it gives back. */
import type { ClusterReader, ClusterWriter } from '../cluster/types.ts';
import type { ScenarioClient } from '../api/scenario.ts';
import type { FileReader } from './types.ts';
import type { DataPlane, Trace } from '../dataplane/index.ts';
import type { ShellVariables } from './variables.ts';

/** The cluster the console drives; `revision` tells the data plane when to re-read it. */
export type KubeCluster = ClusterReader & ClusterWriter & { readonly revision: number };

/** Where a console line runs: a node's host namespace, inside a pod, or an outside client. */
export type Place =
  /** `admin`: root has the cluster's admin kubeconfig here (the control plane, or the console's home node). */
  | { kind: 'node'; node: string; admin: boolean }
  /** `container`: the one `kubectl exec -c` named (else the pod's default container). */
  | { kind: 'pod'; namespace: string; name: string; node: string; container?: string }
  | { kind: 'client'; client: ScenarioClient };

export interface ShellContext {
  cluster: KubeCluster;
  files: FileReader;
  /** Standard input of this line (`kubectl apply -f -`). */
  stdin?: string;
  /** The shell running a `-c` line (`bash -c`, dash's `sh -c`): its words for a missing command. */
  script?: { flavour: 'bash' | 'dash' | 'ash'; name: string };
  /**
   * Keeps a `kubectl port-forward` running behind the console: LOCAL on the console's node goes
   * to the pod's port. A message when LOCAL is taken; undefined where no console keeps one.
   */
  forward?(local: number, to: { namespace: string; name: string; node: string; port: number }): string | undefined;
  /** Where a forwarded local port on the console's node leads (curl localhost:LOCAL). */
  forwarded?(local: number): { namespace: string; name: string; node: string; port: number } | undefined;
  /** How many loops the running command is inside (`break` and `continue` need one). */
  loops?: number;
  /** A loop's standard input, shared by its rounds: `read` takes a line at a time from `at`. */
  input?: { text: string; at: number };
  /** The host the line runs on (a node name, or an external client). */
  host: string;
  place: Place;
  /** Machines outside the cluster that `ssh NAME` reaches. */
  clients: readonly ScenarioClient[];
  /** Each node's network, rules and conntrack. */
  dataplane: DataPlane;
  /** Traces of the requests this line made (`curl`), for `svcsim --json` and the UI. */
  traces: Trace[];
  /** The variables of the shell running this line (the console's persist from line to line); none outside a shell. */
  vars?: ShellVariables;
  /** Runs a command (already split into words) in another place: `ssh`, `kubectl exec`. */
  runIn(place: Place, words: readonly string[]): CommandOutput;
  /**
   * Opens an interactive shell there (`kubectl exec -it POD -- sh`, `ssh NODE`): the console's
   * next lines run in it until `exit`. `argv0`: the name it was started by (`/bin/sh`), which it
   * puts before its messages. `onExit`: what the command that opened it prints once the shell
   * ends with `status` (kubectl run --rm deletes its pod), instead of kubectl exec's report.
   * Undefined where no console follows (a pod's own process).
   */
  enter?(place: Place, shell: InteractiveShell, argv0?: string, onExit?: (status: number) => CommandOutput): CommandOutput;
  /**
   * Attaches to a new pod's one-shot process (`kubectl run -i`): runs it in the foreground and
   * ends the pod as the kubelet would; undefined when svcsim does not run that pod's process.
   */
  attach?(namespace: string, name: string): CommandOutput | undefined;
}

/** The shells a console can be left in: a container's (by the name asked for) or a login on a host. */
export type InteractiveShell = 'sh' | 'bash' | 'ash' | 'login';

export interface CommandOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** In a pod: the runtime could not start the command (kubectl prints the error, no exit-code line). */
  execFailed?: boolean;
  /** Both streams in the order the command wrote them, when it interleaved them (what a TTY shows). */
  interleaved?: string;
}

export function output(stdout: string, stderr = '', exitCode = stderr && !stdout ? 1 : 0): CommandOutput {
  return { stdout, stderr, exitCode };
}

export function failure(stderr: string, exitCode = 1, stdout = ''): CommandOutput {
  return { stdout, stderr: stderr.endsWith('\n') || stderr === '' ? stderr : `${stderr}\n`, exitCode };
}
