/** A session: one simulated cluster and the console that drives it. */
import type { ProxyMode } from './api/config.ts';
import type { Scenario } from './api/scenario.ts';
import type { Cluster } from './cluster/index.ts';
import type { ClusterReader } from './cluster/types.ts';
import { runInteractive, runLine, runWords } from './shell/interpreter.ts';
import type { CommandOutput, InteractiveShell, KubeCluster, Place, ShellContext } from './shell/context.ts';
import { containerShell, type Flavour } from './shell/shells.ts';
import { containerEnvironment } from './shell/dns-commands.ts';
import { PodProcesses } from './shell/pod-processes.ts';
import { ShellVariables } from './shell/variables.ts';
import { DEFAULT_CLIENT, defaultPlace, placeName } from './shell/places.ts';
import type { ScenarioClient } from './api/scenario.ts';
import { DataPlane, formatTrace, send, type Trace } from './dataplane/index.ts';
import type { L4Protocol } from './net/packet.ts';
import { destinationFor, placeFor, sourceOf } from './shell/trace-target.ts';
import { resolveDestination } from './shell/resolve.ts';
import { DEFAULT_SEED } from './scenario/load.ts';
import type { FileReader, LineResult, RunOptions } from './shell/types.ts';
import { scenarioFiles } from './scenario/files.ts';
import { loadScenario } from './scenario/load.ts';
import { decodeKubeProxyConfiguration } from './manifest/index.ts';
import type { ScenarioProblem } from './scenario/read-scenario.ts';

export type { ScenarioProblem };

export interface SessionOptions {
  /** The scenario's YAML text (any number of documents). Empty: the default cluster alone. */
  scenario?: string;
  /** Name the scenario text goes by in messages (`error when creating "scenario.yaml"`). */
  scenarioFile?: string;
  /** Overrides the Scenario object's seed. */
  seed?: number;
  /** Files the console may read besides the scenario's own `files`. */
  files?: FileReader;
}

export interface LoadResult {
  problems: ScenarioProblem[];
  scenario?: Scenario;
}

/** An interactive shell the console was left in (`kubectl exec -it POD -- sh`, `ssh NODE`). */
interface ShellFrame {
  place: Place;
  vars: ShellVariables;
  flavour: Flavour;
  /** What the shell calls itself in its messages (its argv[0]). */
  name: string;
  prompt: string;
  /** How it was opened: leaving it prints what that client prints. */
  via: 'exec' | 'ssh';
  host: string;
  /** What the opening command prints when the shell ends (kubectl run -it --rm). */
  onExit?: (status: number) => CommandOutput;
}

/** The console's prompt on a host, as the seed tutorials show it (bash's \h: up to the first dot). */
const hostPrompt = (host: string) => `[root@${host.split('.')[0]} ~]# `;

/** Each console line takes a second of simulated time, as a person typing would. */
const SECONDS_PER_LINE = 1;

export class Session {
  private readonly live: Cluster;
  readonly scenario: Scenario | undefined;
  /** Problems found while loading the scenario; the objects that were fine are applied. */
  readonly problems: readonly ScenarioProblem[];
  private readonly files: FileReader;
  /** The host console lines run on: the control-plane node. */
  readonly host: string;
  private readonly home: Place;
  private readonly dataplane: DataPlane;
  /** Pods' one-shot commands, run as their pods start (kubectl run --restart=Never -- wget ...). */
  private readonly processes: PodProcesses;
  /** The traces of the line running now: an attached process's requests are the line's. */
  private lineTraces: Trace[] = [];
  /** Machines outside the cluster: the scenario's clients, or one named `client`. */
  readonly clients: readonly ScenarioClient[];
  /** The console's shell variables: root's login, and what its lines export or assign. */
  private readonly vars = ShellVariables.rootLogin();
  /** Interactive shells opened from the console, innermost last: lines run in the last one. */
  private readonly frames: ShellFrame[] = [];
  /** `kubectl port-forward`s kept behind the console: local port on the home node -> the pod's port. */
  private readonly forwards = new Map<number, { namespace: string; name: string; node: string; port: number }>();

  constructor(opts: SessionOptions = {}) {
    const loaded = loadScenario(opts.scenario ?? '', opts.scenarioFile ?? 'scenario.yaml', opts.seed);
    this.live = loaded.cluster;
    this.scenario = loaded.scenario;
    this.problems = loaded.problems;
    this.files = scenarioFiles(loaded.scenario?.files, opts.files);
    this.clients = loaded.scenario?.clients?.length ? loaded.scenario.clients : [DEFAULT_CLIENT];
    // A cluster with no node at all still has somewhere to type: the outside client.
    this.home = defaultPlace(this.live) ?? { kind: 'client', client: this.clients[0] };
    this.host = placeName(this.home);
    this.vars.set('HOSTNAME', this.host);
    // A restarted kube-proxy reads the kube-proxy ConfigMap as kube-proxy would decode it.
    this.dataplane = new DataPlane(this.live, opts.seed ?? loaded.scenario?.seed ?? DEFAULT_SEED, (text) => decodeKubeProxyConfiguration(text).config);
    // The first look records the kube-proxy pods running since the cluster started.
    this.dataplane.observeKubeProxies();
    this.processes = new PodProcesses(this.live, (place, words, background) => this.runProcess(place, words, background));
    // The scenario's own one-shot pods ran as the cluster started.
    this.processes.runStarted();
  }

  /** The cluster, read-only: what the UI renders. */
  get cluster(): ClusterReader {
    return this.live;
  }

  /** Grows with every change to the cluster: a cheap signal for the UI to re-read. */
  get revision(): number {
    return this.live.revision;
  }

  /** The prompt the next console line is typed at: the home node's, or that of the shell the console was left in. */
  get prompt(): string {
    return this.frames.at(-1)?.prompt ?? hostPrompt(this.host);
  }

  /**
   * Runs one console line as root on the control-plane node, or in the interactive shell a
   * line opened (`kubectl exec -it POD -- sh`, `ssh NODE`) until `exit`.
   */
  run(line: string, opts: RunOptions = {}): LineResult {
    this.live.tick(SECONDS_PER_LINE);
    this.processes.completeDue();
    const traces: Trace[] = [];
    this.lineTraces = traces;
    const frame = opts.home ? undefined : this.frames.at(-1);
    const out = frame
      ? this.runInFrame(frame, line, opts.stdin, traces)
      : /^\s*(exit|logout)(\s+\S+)?\s*$/.test(line)
        ? // The console itself is never closed: it would leave nowhere to type.
          { stdout: '', stderr: 'svcsim: the console stays open; exit leaves a shell opened with kubectl exec -it or ssh\n', exitCode: 0 }
        : runLine(line, { ...this.context(this.home, opts.stdin, traces), vars: this.vars });
    // kube-proxy pods the line replaced start now, reading the ConfigMap as it is after the line.
    this.dataplane.observeKubeProxies();
    // Pods the line started run their one-shot commands; those over by now (the line may have slept) end.
    this.processes.runStarted();
    return { line, ...out, ...(traces.length ? { trace: traces[0] } : {}) };
  }

  /**
   * One request from a place to a destination, traced (`svcsim trace --from ... --to ...`).
   * `from`: `client`, a node, `pod/NAME`, `NAMESPACE/POD`, `deploy/NAME`; `to`: `IP[:PORT]`, `svc/NAME[:PORT]`, or from a pod a DNS `NAME[:PORT]`.
   */
  trace(opts: { from: string; to: string; proto?: L4Protocol; namespace?: string }): { trace: Trace } | { error: string } {
    this.live.tick(SECONDS_PER_LINE);
    this.processes.completeDue();
    const ns = opts.namespace ?? 'default';
    const proto = opts.proto ?? 'tcp';
    const ctx = this.context(this.home, undefined, []);
    const place = placeFor(ctx, opts.from, ns);
    if ('error' in place) return place;
    // A DNS name from a pod: the lookup (packets to CoreDNS) comes first and goes into the trace.
    const named = resolveDestination(ctx, place, opts.to);
    const dst = named ?? destinationFor(ctx, opts.to, ns, proto);
    if ('error' in dst) return dst;
    const source = sourceOf(ctx, place, dst.ip);
    if (!source) return { error: `${opts.from} has no address to send from` };
    const trace = send(this.dataplane, this.live, { from: source.source, at: source.at, dst: dst.ip, dport: dst.port, proto, clients: this.clients });
    return { trace: named && 'dns' in named && named.dns ? { ...trace, dns: named.dns } : trace };
  }

  /** A trace as readable text (what `svcsim trace` prints). */
  /** The mode kube-proxy runs in on the console's home node (it changes when kube-proxy restarts with a new ConfigMap). */
  get proxyMode(): ProxyMode {
    return this.home.kind === 'node' ? this.dataplane.modeOf(this.home.node) : this.dataplane.modeOf();
  }

  traceText(trace: Trace): string {
    return formatTrace(trace);
  }

  /** A line at an open interactive shell; `exit` (and an ssh login's `logout`) closes it. */
  private runInFrame(frame: ShellFrame, line: string, stdin: string | undefined, traces: Trace[]): CommandOutput {
    const leave = /^\s*(exit|logout)(?:\s+(\S+))?\s*$/.exec(line);
    if (leave && (leave[1] === 'exit' || frame.via === 'ssh')) {
      const asked = leave[2] === undefined ? frame.vars.status : Number.parseInt(leave[2], 10);
      const status = Number.isNaN(asked) ? 2 : ((asked % 256) + 256) % 256;
      this.frames.pop();
      if (frame.via === 'ssh') {
        // bash's login shell says logout; ssh then says the connection closed.
        return { stdout: '', stderr: `logout\nConnection to ${frame.host} closed.\n`, exitCode: status };
      }
      // An interactive bash says exit as it leaves; kubectl reports a failed end.
      const said = frame.flavour === 'bash' ? 'exit\n' : '';
      if (frame.onExit) {
        const after = frame.onExit(status);
        // On the terminal: the shell's word, then what the command prints after the session.
        return { ...after, stderr: said + after.stderr, ...(said ? { interleaved: said + after.stdout + after.stderr } : {}) };
      }
      return { stdout: '', stderr: said + (status ? `command terminated with exit code ${status}\n` : ''), exitCode: status };
    }
    return runInteractive(line, { ...this.context(frame.place, stdin, traces), vars: frame.vars }, frame.flavour, frame.name);
  }

  /** A forward still alive: one whose pod is gone or stopped has ended (kubectl: lost connection to pod). */
  private forwarded(local: number): { namespace: string; name: string; node: string; port: number } | undefined {
    const to = this.forwards.get(local);
    if (!to) return undefined;
    const pod = this.live.get('Pod', to.namespace, to.name);
    if (pod?.status?.phase === 'Running') return to;
    this.forwards.delete(local);
    return undefined;
  }

  /** Opens an interactive shell where a line asked for one (see ShellContext.enter). */
  private enter(place: Place, shell: InteractiveShell, argv0: string | undefined, onExit: ((status: number) => CommandOutput) | undefined, traces: Trace[]): CommandOutput {
    const ctx = this.context(place, undefined, traces);
    if (shell === 'login' || place.kind !== 'pod') {
      const host = placeName(place);
      const vars = ShellVariables.rootLogin();
      vars.set('HOSTNAME', host);
      this.frames.push({ place, vars, flavour: 'bash', name: 'bash', prompt: hostPrompt(host), via: 'ssh', host });
      return { stdout: '', stderr: '', exitCode: 0 };
    }
    const image = containerShell(ctx);
    const has = shell === 'sh' ? image !== undefined : shell === 'bash' ? image === 'dash' : image === 'ash';
    // No such shell in the image: the runtime's error, as for any missing program.
    if (!has) return runWords([shell], ctx);
    const flavour: Flavour = shell === 'bash' ? 'bash' : image!;
    const vars = ShellVariables.fromEnvironment(containerEnvironment(ctx) ?? '');
    // BusyBox ash's PS1 (\w \$), dash's (# for root), Debian bash.bashrc's (\u@\h:\w\$), in / as root.
    const prompt = flavour === 'ash' ? '/ # ' : flavour === 'dash' ? '# ' : `root@${place.name}:/# `;
    this.frames.push({ place, vars, flavour, name: argv0 ?? shell, prompt, via: 'exec', host: place.name, onExit });
    return { stdout: '', stderr: '', exitCode: 0 };
  }

  private context(place: Place, stdin: string | undefined, traces: Trace[]): ShellContext {
    return {
      dataplane: this.dataplane,
      traces,
      cluster: this.live,
      files: this.files,
      stdin,
      host: placeName(place),
      place,
      clients: this.clients,
      runIn: (where, words) => runWords(words, this.context(where, undefined, traces)),
      attach: (namespace, name) => this.processes.attach(namespace, name),
      enter: (where, shell, argv0, onExit) => this.enter(where, shell, argv0, onExit, traces),
      ...(place === this.home
        ? {
            forward: (local: number, to: { namespace: string; name: string; node: string; port: number }) => {
              const held = this.forwarded(local);
              if (held) return `svcsim: local port ${local} is already forwarded to pod/${held.name} (a second port-forward could not listen on it)`;
              this.forwards.set(local, to);
              return undefined;
            },
            forwarded: (local: number) => this.forwarded(local),
          }
        : {}),
    };
  }

  /**
   * Runs a pod's process. In the background its waits (timeouts, retries) are counted, not
   * spent: the console's clock stays where it is, and its requests are no line's traces.
   */
  private runProcess(place: Place, words: readonly string[], background: boolean): { out: CommandOutput; waitedMs: number } {
    if (!background) return { out: runWords(words, this.context(place, undefined, this.lineTraces)), waitedMs: 0 };
    let waitedMs = 0;
    const cluster = clockCounting(this.live, (ms) => (waitedMs += ms));
    const out = runWords(words, { ...this.context(place, undefined, []), cluster });
    return { out, waitedMs };
  }
}

/** The cluster as a background process sees it: every call passes through but `tick`, which is only counted. */
function clockCounting(cluster: KubeCluster, waited: (ms: number) => void): KubeCluster {
  return new Proxy(cluster, {
    get(target, key) {
      if (key === 'tick') return (seconds: number) => waited(Math.round(seconds * 1000));
      const v: unknown = Reflect.get(target, key, target);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

export function createSession(opts: SessionOptions = {}): Session {
  return new Session(opts);
}
