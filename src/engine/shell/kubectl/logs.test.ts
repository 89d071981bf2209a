/** kubectl logs: what the processes svcsim ran printed, and kubectl v1.33's notes and errors around it. */
import { describe, expect, it } from 'vitest';
import { createSession } from '../../index.ts';
import { parseGoDuration } from '../../api/go-duration.ts';
import { WEB_SCENARIO } from '../testing/web-scenario.ts';

const WEB = `${WEB_SCENARIO}---
apiVersion: v1
kind: Service
metadata: {name: external}
spec: {ports: [{port: 80}]}
---
apiVersion: v1
kind: Pod
metadata: {name: two}
spec:
  containers:
  - {name: web, image: nginx:1.27}
  - {name: sidecar, image: busybox:1.36, command: [sleep, "3600"]}
---
apiVersion: v1
kind: Pod
metadata: {name: annotated, annotations: {kubectl.kubernetes.io/default-container: sidecar}}
spec:
  containers:
  - {name: web, image: nginx:1.27}
  - {name: sidecar, image: busybox:1.36, command: [sleep, "3600"]}
---
apiVersion: v1
kind: Pod
metadata: {name: misnamed, annotations: {kubectl.kubernetes.io/default-container: nope}}
spec:
  containers:
  - {name: web, image: nginx:1.27}
  - {name: sidecar, image: busybox:1.36, command: [sleep, "3600"]}
---
apiVersion: v1
kind: Pod
metadata: {name: nowhere}
spec:
  nodeSelector: {disk: none}
  containers: [{name: web, image: nginx:1.27}]
`;

type Result = { stdout: string; stderr: string; exitCode: number };
const out = (r: Result): Result => ({ stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode });
const err = (stderr: string, stdout = ''): Result => ({ stdout, stderr, exitCode: 1 });
const ok = (stdout: string, stderr = ''): Result => ({ stdout, stderr, exitCode: 0 });

const prefixLines = (text: string, prefix: string) => text.split(/(?<=\n)/).map((l) => prefix + l).join('');

const running = (container: string, pod: string) =>
  `error: svcsim: the logs of container "${container}" in pod "${pod}" are not simulated while it runs (svcsim keeps what a pod's command printed once the command has ended, as for kubectl run t --image=busybox --restart=Never -- wget -qO- SERVICE)\n`;

/** A session where `t` ran `wget -qO- http://web` once and ended Completed. */
function withOneShot() {
  const s = createSession({ scenario: WEB });
  s.run('kubectl run t --image=busybox --restart=Never -- wget -qO- http://web');
  const log = s.cluster.containerLog?.('default', 't', 't') ?? '';
  return { s, log };
}

describe('kubectl logs of a pod that ran its command', () => {
  it('prints what the process printed, by POD, pod/NAME, -c, an inline container name and -n', () => {
    const { s, log } = withOneShot();
    // whoami's answer: the request's own lines end in CRLF.
    expect(log).toMatch(/^Hostname: web-[a-z0-9]+-[a-z0-9]{5}\n(?:.*\n)*GET \/ HTTP\/1\.1\r\nHost: web\r\nUser-Agent: Wget\r\nConnection: close\r\n\r\n$/);
    for (const line of ['kubectl logs t', 'kubectl logs pod/t', 'kubectl logs t -c t', 'kubectl logs t t', 'kubectl logs -n default po/t', 'kubectl logs -f t']) {
      expect(out(s.run(line)), line).toEqual(ok(log));
    }
  });

  it('a failed command: its error output is the log', () => {
    const s = createSession({ scenario: WEB });
    s.run('kubectl run bad --image=curlimages/curl --restart=Never -- -sS http://nobody');
    expect(s.run('kubectl get pod bad --no-headers').stdout).toMatch(/^bad\s+0\/1\s+Error\s+0\s/);
    expect(out(s.run('kubectl logs bad'))).toEqual(ok(s.cluster.containerLog?.('default', 'bad', 'bad') ?? '-'));
    expect(s.run('kubectl logs bad').stdout).toMatch(/^curl: \(7\) Failed to connect to nobody port 80 after \d+ ms: Couldn't connect to server\n$/);
  });

  it('--tail, --prefix, --limit-bytes and --timestamps read the lines as the kubelet does', () => {
    const { s, log } = withOneShot();
    const lines = log.split(/(?<=\n)/);
    expect(out(s.run('kubectl logs t --tail=3'))).toEqual(ok('User-Agent: Wget\r\nConnection: close\r\n\r\n'));
    expect(out(s.run('kubectl logs t --tail=0'))).toEqual(ok(''));
    expect(out(s.run('kubectl logs t --tail=-1'))).toEqual(ok(log));
    expect(out(s.run('kubectl logs t --tail=2 --prefix'))).toEqual(ok('[pod/t/t] Connection: close\r\n[pod/t/t] \r\n'));
    expect(out(s.run('kubectl logs t --limit-bytes=12'))).toEqual(ok('Hostname: we'));
    expect(out(s.run('kubectl logs t --limit-bytes=0'))).toEqual(ok(log));
    // Every line at the instant the command ran (it took no time on the simulated clock), in RFC3339NanoFixed.
    const finished = s.cluster.get('Pod', 'default', 't')?.status?.containerStatuses?.[0].state?.terminated?.finishedAt ?? '';
    const stamp = finished.replace(/Z$/, '.000000000Z ');
    expect(out(s.run('kubectl logs t --timestamps'))).toEqual(ok(lines.map((l) => stamp + l).join('')));
    expect(out(s.run('kubectl logs t --timestamps --tail=1 --prefix'))).toEqual(ok(`[pod/t/t] ${stamp}\r\n`));
    expect(out(s.run('kubectl logs t --since=1h'))).toEqual(ok(log));
    s.run('sleep 120');
    expect(out(s.run('kubectl logs t --since=1m'))).toEqual(ok(''));
    expect(out(s.run(`kubectl logs t --since-time=${finished}`))).toEqual(ok(log));
  });

  it('-p: a pod that never restarted has no previous instance (the kubelet\'s error, as BadRequest)', () => {
    const { s } = withOneShot();
    expect(out(s.run('kubectl logs -p t'))).toEqual(err('Error from server (BadRequest): previous terminated container "t" in pod "t" not found\n'));
    expect(out(s.run('kubectl logs --previous web-x'))).toEqual(err('error: error from server (NotFound): pods "web-x" not found in namespace "default"\n'));
  });

  it('a crash-looping pod: while it waits to restart, logs and logs -p both read its latest run (lastState)', () => {
    const s = createSession({ scenario: WEB });
    s.run('kubectl run c --image=busybox -- wget -qO- http://web');
    expect(s.run('kubectl get pod c --no-headers').stdout).toMatch(/CrashLoopBackOff/);
    const latest = s.cluster.containerLog?.('default', 'c', 'c') ?? '-';
    expect(out(s.run('kubectl logs c'))).toEqual(ok(latest));
    expect(out(s.run('kubectl logs c -p'))).toEqual(ok(latest));
  });
});

describe('kubectl logs of containers whose output svcsim does not have', () => {
  it('a running server: svcsim says so and makes up no line', () => {
    const s = createSession({ scenario: WEB });
    const pod = s.cluster.list('Pod', 'default').find((p) => p.metadata.labels?.app === 'web')?.metadata.name ?? '';
    expect(out(s.run(`kubectl logs ${pod}`))).toEqual(err(running('nginx', pod)));
    // -p asks the kubelet about a previous instance first: there is none.
    expect(out(s.run(`kubectl logs ${pod} -p`))).toEqual(err(`Error from server (BadRequest): previous terminated container "nginx" in pod "${pod}" not found\n`));
  });

  it('a command still under way: nothing is shown before it ends', () => {
    const s = createSession({ scenario: WEB });
    s.run('kubectl run slow --image=busybox --restart=Never -- wget -T 5 -qO- http://10.96.99.99');
    expect(out(s.run('kubectl logs slow'))).toEqual(err(running('slow', 'slow')));
    s.run('sleep 5');
    const log = s.cluster.containerLog?.('default', 'slow', 'slow') ?? '-';
    expect(out(s.run('kubectl logs slow'))).toEqual(ok(log));
    // It ran for 5s: svcsim does not know when each line was written.
    const t = s.cluster.get('Pod', 'default', 'slow')?.status?.containerStatuses?.[0].state?.terminated;
    expect(out(s.run('kubectl logs slow --timestamps'))).toEqual(
      err(`error: svcsim: kubectl logs --timestamps is not simulated for container "slow" in pod "slow": its command ran from ${t?.startedAt} to ${t?.finishedAt} and svcsim does not know when it wrote each line\n`),
    );
    expect(out(s.run('kubectl logs slow --since=1h'))).toEqual(ok(log));
  });

  it('a pod not yet on a node: the API server has no log location and streams nothing', () => {
    const s = createSession({ scenario: WEB });
    expect(out(s.run('kubectl logs nowhere'))).toEqual(ok(''));
  });
});

describe('kubectl logs: which container', () => {
  const s = createSession({ scenario: WEB });
  it('several containers: the first, and the note on stderr', () => {
    expect(out(s.run('kubectl logs two'))).toEqual(err(`Defaulted container "web" out of: web, sidecar\n${running('web', 'two')}`));
    expect(out(s.run('kubectl logs two -c sidecar'))).toEqual(err(running('sidecar', 'two')));
    expect(out(s.run('kubectl logs two sidecar'))).toEqual(err(running('sidecar', 'two')));
  });
  it('the default-container annotation picks one without a note; a name it does not find is said so', () => {
    expect(out(s.run('kubectl logs annotated'))).toEqual(err(running('sidecar', 'annotated')));
    expect(out(s.run('kubectl logs misnamed'))).toEqual(
      err(`Default container name "nope" not found in pod misnamed\nDefaulted container "web" out of: web, sidecar\n${running('web', 'misnamed')}`),
    );
  });
  it('a container the pod does not have: kubectl refuses before asking for any log', () => {
    expect(out(s.run('kubectl logs two -c nope'))).toEqual(err('error: container nope is not valid for pod two\n'));
    expect(out(s.run('kubectl logs two nope'))).toEqual(err('error: container nope is not valid for pod two\n'));
  });
  it('--all-containers asks for every container, without a note', () => {
    expect(out(s.run('kubectl logs two --all-containers'))).toEqual(err(running('web', 'two')));
  });
});

describe('kubectl logs TYPE/NAME and -l', () => {
  it('a Deployment or a Service: its first pod by kubectl\'s logging order, named on stderr when there are several', () => {
    const s = createSession({ scenario: WEB });
    const first = s.cluster.list('Pod', 'default').filter((p) => p.metadata.labels?.app === 'web')[0].metadata.name;
    for (const target of ['deploy/web', 'deployment.apps/web', 'svc/web']) {
      expect(out(s.run(`kubectl logs ${target}`)), target).toEqual(err(`Found 2 pods, using pod/${first}\n${running('nginx', first)}`));
    }
    s.run('kubectl scale deploy/web --replicas=1');
    const only = s.cluster.list('Pod', 'default').filter((p) => p.metadata.labels?.app === 'web')[0].metadata.name;
    expect(out(s.run('kubectl logs rs/' + (s.cluster.list('ReplicaSet', 'default')[0]?.metadata.name ?? '')))).toEqual(err(running('nginx', only)));
  });

  it('a Deployment whose pods completed: --all-pods reads every pod, prefixed', () => {
    const s = createSession({ scenario: WEB });
    s.run('kubectl create deployment loop --image=busybox --replicas=2 -- wget -qO- http://web');
    const pods = s.cluster.list('Pod', 'default').filter((p) => p.metadata.labels?.app === 'loop');
    const expected = pods.map((p) => prefixLines(s.cluster.containerLog?.('default', p.metadata.name, 'busybox') ?? '-', `[pod/${p.metadata.name}/busybox] `)).join('');
    expect(out(s.run('kubectl logs deploy/loop --all-pods'))).toEqual(ok(expected));
  });

  it('objects that select no pods, and kinds kubectl cannot get logs from', () => {
    const s = createSession({ scenario: WEB });
    const before = s.cluster.now();
    // GetPodList waits --pod-running-timeout (20s) for a pod to appear.
    expect(out(s.run('kubectl logs svc/nobody'))).toEqual(err('error: timed out waiting for the condition\n'));
    expect(s.cluster.now() - before).toBeGreaterThanOrEqual(20_000);
    expect(out(s.run('kubectl logs svc/external'))).toEqual(err("error: cannot get the logs from *v1.Service: invalid service 'external': Service is defined without a selector\n"));
    expect(out(s.run('kubectl logs ns/default'))).toEqual(err('error: cannot get the logs from *v1.Namespace: selector for *v1.Namespace not implemented\n'));
    expect(out(s.run('kubectl logs deploy/nope'))).toEqual(err('error: error from server (NotFound): deployments.apps "nope" not found in namespace "default"\n'));
    expect(out(s.run('kubectl logs -n kube-system nope'))).toEqual(err('error: error from server (NotFound): pods "nope" not found in namespace "kube-system"\n'));
    expect(out(s.run('kubectl logs foo/x'))).toEqual(err('error: the server doesn\'t have a resource type "foo"\n'));
  });

  it('-l: every matching pod, the last 10 lines of each unless --tail says otherwise', () => {
    const s = createSession({ scenario: WEB });
    s.run('kubectl run a --image=busybox --restart=Never --labels=job=probe -- wget -qO- http://web');
    s.run('kubectl run b --image=busybox --restart=Never --labels=job=probe -- wget -qO- http://web');
    const logOf = (pod: string) => s.cluster.containerLog?.('default', pod, pod) ?? '-';
    const last = (text: string, n: number) => text.split(/(?<=\n)/).slice(-n).join('');
    expect(out(s.run('kubectl logs -l job=probe'))).toEqual(ok(last(logOf('a'), 10) + last(logOf('b'), 10)));
    expect(out(s.run('kubectl logs -l job=probe --tail=-1'))).toEqual(ok(logOf('a') + logOf('b')));
    expect(out(s.run('kubectl logs -l job=probe --tail=1 --prefix'))).toEqual(ok('[pod/a/a] \r\n[pod/b/b] \r\n'));
    expect(out(s.run('kubectl logs -l job=none'))).toEqual(ok('', 'No resources found in default namespace.\n'));
    expect(out(s.run('kubectl logs -l job=probe -f --max-log-requests=1'))).toEqual(
      err('error: you are attempting to follow 2 log streams, but maximum allowed concurrency is 1, use --max-log-requests to increase the limit\n'),
    );
    expect(out(s.run('kubectl logs -l job=probe -f'))).toEqual(ok(last(logOf('a'), 10) + last(logOf('b'), 10)));
  });
});

const SMALL_NODE = `apiVersion: v1
kind: Node
metadata: {name: n1}
spec: {podCIDR: 10.244.1.0/24}
---
apiVersion: v1
kind: Node
metadata: {name: full}
spec: {podCIDR: 10.244.2.0/30}
---
apiVersion: v1
kind: Pod
metadata: {name: a, labels: {grp: x}}
spec:
  nodeName: full
  containers: [{name: web, image: nginx:1.27}]
---
apiVersion: v1
kind: Pod
metadata: {name: t, labels: {grp: x}}
spec:
  nodeName: n1
  restartPolicy: Never
  containers: [{name: t, image: busybox, command: [wget, -qO-, "http://kubernetes:443"]}]
`;

describe('kubectl logs of a container waiting to start', () => {
  it('the kubelet\'s error as BadRequest; --ignore-errors writes it on stdout and reads on', () => {
    const s = createSession({ scenario: SMALL_NODE });
    expect(s.run('kubectl get pod a --no-headers').stdout).toMatch(/^a\s+0\/1\s+ContainerCreating\s/);
    expect(out(s.run('kubectl logs a'))).toEqual(err('Error from server (BadRequest): container "web" in pod "a" is waiting to start: ContainerCreating\n'));
    // The command failed at once: its error is its log.
    const log = s.cluster.containerLog?.('default', 't', 't') ?? '-';
    expect(out(s.run('kubectl logs t'))).toEqual(ok("wget: can't connect to remote host (10.96.0.1): No route to host\n"));
    expect(out(s.run('kubectl logs -l grp=x --tail=-1'))).toEqual(err('Error from server (BadRequest): container "web" in pod "a" is waiting to start: ContainerCreating\n'));
    expect(out(s.run('kubectl logs -l grp=x --tail=-1 --ignore-errors'))).toEqual(ok(`error: container "web" in pod "a" is waiting to start: ContainerCreating\n${log}`));
  });
});

describe('kubectl logs: usage and flag errors, in kubectl\'s order', () => {
  const { s } = withOneShot();
  it('arguments', () => {
    const usage = "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples\n";
    expect(out(s.run('kubectl logs'))).toEqual(err(usage));
    expect(out(s.run('kubectl logs t t t'))).toEqual(err(usage));
    expect(out(s.run('kubectl logs -l run=t t'))).toEqual(err("error: only a selector (-l) or a POD name is allowed\nSee 'kubectl logs -h' for help and examples\n"));
  });
  it('options', () => {
    expect(out(s.run('kubectl logs t --all-containers -c t'))).toEqual(err('error: --all-containers=true should not be specified with container name t\n'));
    expect(out(s.run('kubectl logs t t -c t'))).toEqual(err('error: only one of -c or an inline [CONTAINER] arg is allowed\n'));
    expect(out(s.run('kubectl logs t --limit-bytes=-1'))).toEqual(err('error: --limit-bytes must be greater than 0\n'));
    expect(out(s.run('kubectl logs t --since=-1m'))).toEqual(err('error: --since must be greater than 0\n'));
    expect(out(s.run('kubectl logs t --tail=-2'))).toEqual(err('error: --tail must be greater than or equal to -1\n'));
    expect(out(s.run('kubectl logs t --since=1h --since-time=2025-01-01T00:00:00Z'))).toEqual(err('error: at most one of `sinceTime` or `sinceSeconds` may be specified\n'));
    expect(out(s.run('kubectl logs t --pod-running-timeout=0s'))).toEqual(err('error: --pod-running-timeout must be higher than zero\n'));
    // The object is looked up (Complete) before the options are checked (Validate).
    expect(out(s.run('kubectl logs nope --tail=-2'))).toEqual(err('error: error from server (NotFound): pods "nope" not found in namespace "default"\n'));
  });
  it("pflag's errors", () => {
    expect(out(s.run('kubectl logs t --since=1d'))).toEqual(err('error: invalid argument "1d" for "--since" flag: time: unknown unit "d" in duration "1d"\nSee \'kubectl logs --help\' for usage.\n'));
    expect(out(s.run('kubectl logs t --since=5'))).toEqual(err('error: invalid argument "5" for "--since" flag: time: missing unit in duration "5"\nSee \'kubectl logs --help\' for usage.\n'));
    expect(out(s.run('kubectl logs t --tail=x'))).toEqual(err('error: invalid argument "x" for "--tail" flag: strconv.ParseInt: parsing "x": invalid syntax\nSee \'kubectl logs --help\' for usage.\n'));
    expect(out(s.run('kubectl logs t --all-namespaces'))).toEqual(err("error: unknown flag: --all-namespaces\nSee 'kubectl logs --help' for usage.\n"));
  });
});

describe('Go durations (time.ParseDuration)', () => {
  it('reads what Go reads and words its errors the same', () => {
    expect(parseGoDuration('1h30m')).toEqual({ ns: 5400e9 });
    expect(parseGoDuration('1.5s')).toEqual({ ns: 1.5e9 });
    expect(parseGoDuration('-2m')).toEqual({ ns: -120e9 });
    expect(parseGoDuration('0')).toEqual({ ns: 0 });
    expect(parseGoDuration('300ms')).toEqual({ ns: 300e6 });
    expect(parseGoDuration('')).toEqual({ error: 'time: invalid duration ""' });
    expect(parseGoDuration('.s')).toEqual({ error: 'time: invalid duration ".s"' });
    expect(parseGoDuration('1')).toEqual({ error: 'time: missing unit in duration "1"' });
    expect(parseGoDuration('3x')).toEqual({ error: 'time: unknown unit "x" in duration "3x"' });
    expect(parseGoDuration('9999999999h')).toEqual({ error: 'time: invalid duration "9999999999h"' });
  });
});
