/** kubectl rollout as kubectl v1.33 prints it (pkg/cmd/rollout, polymorphichelpers). */
import { describe, expect, it } from 'vitest';
import { createSession } from '../../index.ts';

const UNREADY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: slow
spec:
  replicas: 2
  selector:
    matchLabels:
      app: slow
  template:
    metadata:
      labels:
        app: slow
      annotations:
        svcsim.dev/ready: "false"
    spec:
      containers:
      - name: app
        image: nginx:1.27
`;

const FILES: Record<string, string> = {
  'slow.yaml': UNREADY,
  'web-1.28.yaml': UNREADY.replace(/slow/g, 'web').replace(/      annotations:\n.*\n/, '').replace('name: app', 'name: nginx').replace('nginx:1.27', 'nginx:1.28'),
};

function session() {
  const s = createSession({ files: { readFile: (p) => FILES[p] } });
  expect(s.run('kubectl create deployment web --image=nginx:1.27 --replicas=2').exitCode).toBe(0);
  return s;
}

type Session = ReturnType<typeof session>;

function out(r: { stdout: string; stderr: string; exitCode: number }) {
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
}

const ok = (stdout: string) => ({ stdout, stderr: '', exitCode: 0 });
const err = (stderr: string) => ({ stdout: '', stderr, exitCode: 1 });

function podsOf(s: Session): { name: string; ip: string }[] {
  return s.cluster.list('Pod', 'default').map((p) => ({ name: p.metadata.name, ip: p.status?.podIP ?? '' }));
}

describe('kubectl rollout status', () => {
  it('reports a finished rollout, by TYPE/NAME or TYPE NAME', () => {
    const s = session();
    expect(out(s.run('kubectl rollout status deployment/web'))).toEqual(ok('deployment "web" successfully rolled out\n'));
    expect(out(s.run('kubectl rollout status deploy web --watch=false'))).toEqual(ok('deployment "web" successfully rolled out\n'));
    expect(out(s.run('kubectl rollout status deployment/web --revision=1'))).toEqual(ok('deployment "web" successfully rolled out\n'));
    expect(out(s.run('kubectl rollout status deployment/web --revision=2'))).toEqual(err('error: desired revision (2) is different from the running revision (1)\n'));
  });

  it('prints the waiting line for pods that stay unready: once, then times out, or fails when the progress deadline passes', () => {
    const s = session();
    s.run('kubectl apply -f slow.yaml');
    const waiting = 'Waiting for deployment "slow" rollout to finish: 0 of 2 updated replicas are available...\n';
    expect(out(s.run('kubectl rollout status deployment/slow --watch=false'))).toEqual(ok(waiting));
    const before = s.cluster.now();
    expect(out(s.run('kubectl rollout status deployment/slow --timeout=30s'))).toEqual({ stdout: waiting, stderr: 'error: timed out waiting for the condition\n', exitCode: 1 });
    expect(s.cluster.now() - before).toBeGreaterThanOrEqual(30_000);
    // progressDeadlineSeconds (600) after the last progress, the controller marks the rollout failed.
    const created = Date.parse(s.cluster.get('Deployment', 'default', 'slow')!.metadata.creationTimestamp!);
    expect(out(s.run('kubectl rollout status deployment/slow'))).toEqual({ stdout: waiting, stderr: 'error: deployment "slow" exceeded its progress deadline\n', exitCode: 1 });
    expect(s.cluster.now() - created).toBeGreaterThanOrEqual(601_000);
    expect(s.cluster.now() - created).toBeLessThan(602_000);
    expect(s.cluster.get('Deployment', 'default', 'slow')!.status?.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
      message: expect.stringMatching(/^ReplicaSet "slow-\w+" has timed out progressing\.$/),
    });
  });

  it('waits for the new replicas of a paused Deployment whose template changed', () => {
    const s = session();
    s.run('kubectl rollout pause deployment/web');
    s.run('kubectl apply -f web-1.28.yaml');
    expect(s.cluster.get('Deployment', 'default', 'web')!.spec.template.spec.containers[0].image).toBe('nginx:1.28');
    expect(out(s.run('kubectl rollout status deployment/web -w=false'))).toEqual(ok('Waiting for deployment "web" rollout to finish: 0 out of 2 new replicas have been updated...\n'));
    // Paused, nothing moves it on (no progress deadline runs either): kubectl would keep watching.
    const r = s.run('kubectl rollout status deployment/web');
    expect(r.stdout).toBe('Waiting for deployment "web" rollout to finish: 0 out of 2 new replicas have been updated...\n');
    expect(r.stderr).toMatch(/^svcsim: kubectl would keep watching/);
    expect(r.exitCode).toBe(1);
    s.run('kubectl rollout resume deployment/web');
    expect(out(s.run('kubectl rollout status deployment/web'))).toEqual(ok('deployment "web" successfully rolled out\n'));
  });

  it("answers for missing objects, other kinds and kinds svcsim does not model in kubectl's words", () => {
    const s = session();
    expect(out(s.run('kubectl rollout status deployment/nope'))).toEqual(err('Error from server (NotFound): deployments.apps "nope" not found\n'));
    expect(out(s.run('kubectl rollout status service/kubernetes'))).toEqual(err('error: no status viewer has been implemented for Service\n'));
    expect(out(s.run('kubectl rollout status'))).toEqual(err('error: required resource not specified\n'));
    expect(out(s.run('kubectl rollout status deployment -n empty'))).toEqual({ stdout: '', stderr: 'No resources found in empty namespace.\n', exitCode: 0 });
    expect(out(s.run('kubectl rollout status daemonset/fluentd'))).toEqual(err('Error from server (NotFound): daemonsets.apps "fluentd" not found\n'));
    expect(s.run('kubectl rollout history ds/kube-proxy -n kube-system').stderr).toBe('error: svcsim: rollout history of DaemonSets is not simulated (svcsim keeps no ControllerRevisions); kubectl rollout history here works on Deployments (deployment/NAME)\n');
    expect(s.run('kubectl rollout restart sts web').stderr).toBe('error: svcsim: StatefulSets are not simulated; kubectl rollout restart here works on Deployments (deployment/NAME)\n');
  });
});

describe('kubectl rollout restart', () => {
  it('stamps restartedAt on the template; new pods replace the old and the Service follows them', () => {
    const s = session();
    s.run('kubectl expose deployment web --port=80');
    const before = podsOf(s);
    expect(out(s.run('kubectl rollout restart deployment/web'))).toEqual(ok('deployment.apps/web restarted\n'));
    const at = s.cluster.get('Deployment', 'default', 'web')!.spec.template.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt'];
    expect(at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const after = podsOf(s);
    expect(after).toHaveLength(2);
    expect(after.some((p) => before.some((b) => b.name === p.name || b.ip === p.ip))).toBe(false);
    const slice = s.cluster.list('EndpointSlice', 'default').find((e) => e.metadata.labels?.['kubernetes.io/service-name'] === 'web')!;
    expect(slice.endpoints!.flatMap((e) => e.addresses).sort()).toEqual(after.map((p) => p.ip).sort());
    expect(out(s.run('kubectl rollout status deployment/web'))).toEqual(ok('deployment "web" successfully rolled out\n'));
  });

  it('refuses a paused Deployment, and other kinds', () => {
    const s = session();
    s.run('kubectl rollout pause deployment/web');
    expect(out(s.run('kubectl rollout restart deployment/web'))).toEqual(err(`error: deployments.apps "web" can't restart paused deployment (run rollout resume first)\n`));
    expect(out(s.run('kubectl rollout restart service/kubernetes'))).toEqual(err('error: services "kubernetes" restarting is not supported\n'));
  });
});

describe('kubectl rollout pause and resume', () => {
  it('pauses and resumes, refusing to do either twice', () => {
    const s = session();
    expect(out(s.run('kubectl rollout pause deployment/web'))).toEqual(ok('deployment.apps/web paused\n'));
    expect(s.cluster.get('Deployment', 'default', 'web')!.spec.paused).toBe(true);
    expect(out(s.run('kubectl rollout pause deployment/web'))).toEqual(err('error: deployments.apps "web" is already paused\n'));
    expect(out(s.run('kubectl rollout resume deployment/web -o name'))).toEqual(ok('deployment.apps/web\n'));
    expect(s.cluster.get('Deployment', 'default', 'web')!.spec.paused).toBeUndefined();
    expect(out(s.run('kubectl rollout resume deployment/web'))).toEqual(err('error: deployments.apps "web" is not paused\n'));
    expect(out(s.run('kubectl rollout pause deployment/nope'))).toEqual(err('Error from server (NotFound): deployments.apps "nope" not found\n'));
  });
});

describe('kubectl rollout history and undo', () => {
  it('lists revisions, and undo renumbers the revision rolled back to', () => {
    const s = session();
    expect(out(s.run('kubectl rollout history deployment/web'))).toEqual(ok('deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n\n'));
    s.run('kubectl rollout restart deployment/web');
    expect(out(s.run('kubectl rollout history deployment web'))).toEqual(ok('deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n'));
    const pods = podsOf(s);
    expect(out(s.run('kubectl rollout undo deployment/web --to-revision=1'))).toEqual(ok('deployment.apps/web rolled back\n'));
    expect(out(s.run('kubectl rollout history deployment/web'))).toEqual(ok('deployment.apps/web \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n'));
    const d = s.cluster.get('Deployment', 'default', 'web')!;
    expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    expect(d.spec.template.metadata?.annotations).toBeUndefined();
    expect(d.spec.template.metadata?.labels).toEqual({ app: 'web' });
    expect(podsOf(s).some((p) => pods.some((b) => b.name === p.name))).toBe(false);
    const rs = s.cluster.list('ReplicaSet', 'default').find((r) => r.metadata.annotations?.['deployment.kubernetes.io/revision'] === '3')!;
    expect(rs.metadata.annotations?.['deployment.kubernetes.io/revision-history']).toBe('1');
    // Plain undo goes back to the revision before the latest: 2, renumbered 4.
    expect(out(s.run('kubectl rollout undo deployment/web'))).toEqual(ok('deployment.apps/web rolled back\n'));
    expect(out(s.run('kubectl rollout history deployment/web'))).toEqual(ok('deployment.apps/web \nREVISION  CHANGE-CAUSE\n3         <none>\n4         <none>\n\n'));
    expect(out(s.run('kubectl rollout undo deployment/web --to-revision=4'))).toEqual(ok('deployment.apps/web skipped rollback (current template already matches revision 4)\n'));
  });

  it('prints one revision as its pod template, with tabs as a plain PrefixWriter leaves them', () => {
    const s = session();
    const hash = s.cluster.list('ReplicaSet', 'default')[0].metadata.labels!['pod-template-hash'];
    expect(out(s.run('kubectl rollout history deployment/web --revision=1'))).toEqual(
      ok(
        `deployment.apps/web with revision #1
Pod Template:
  Labels:\tapp=web
\tpod-template-hash=${hash}
  Containers:
   nginx:
    Image:\tnginx:1.27
    Port:\t<none>
    Host Port:\t<none>
    Environment:\t<none>
    Mounts:\t<none>
  Volumes:\t<none>
  Node-Selectors:\t<none>
  Tolerations:\t<none>

`,
      ),
    );
    expect(out(s.run('kubectl rollout history deployment/web --revision=5'))).toEqual(err('error: unable to find the specified revision\n'));
    expect(out(s.run('kubectl rollout history deployment/web -o name'))).toEqual(ok(`replicaset.apps/web-${hash}\n`));
  });

  it('shows the change-cause a ReplicaSet carries from its Deployment', () => {
    const s = session();
    s.run('kubectl annotate deployment web kubernetes.io/change-cause="first"');
    expect(out(s.run('kubectl rollout history deployment/web'))).toEqual(ok('deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         first\n\n'));
  });

  it("refuses an undo without history, to a missing revision, or while paused, in kubectl's words", () => {
    const s = session();
    expect(out(s.run('kubectl rollout undo deployment/web'))).toEqual(err('error: no rollout history found for deployment "web"\n'));
    expect(out(s.run('kubectl rollout undo deployment/web --to-revision=7'))).toEqual(err('error: unable to find specified revision 7 in history\n'));
    expect(out(s.run('kubectl rollout undo deployment/web --to-revision=1'))).toEqual(ok('deployment.apps/web skipped rollback (current template already matches revision 1)\n'));
    s.run('kubectl rollout restart deployment/web');
    expect(s.run('kubectl rollout undo deployment/web --dry-run=server').stdout).toBe('deployment.apps/web rolled back (server dry run)\n');
    expect(s.cluster.get('Deployment', 'default', 'web')!.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    s.run('kubectl rollout pause deployment/web');
    expect(out(s.run('kubectl rollout undo deployment/web'))).toEqual(err("error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again\n"));
    expect(out(s.run('kubectl rollout undo service/kubernetes'))).toEqual(err('error: error retrieving rollbacker for "Service", no visitor method exists for { Service}\n'));
    expect(out(s.run('kubectl rollout history pod/nope'))).toEqual(err('Error from server (NotFound): pods "nope" not found\n'));
  });

  it('names an unknown subcommand as cobra does', () => {
    expect(out(createSession().run('kubectl rollout restrat deployment/web'))).toEqual(err(`error: unknown command "restrat deployment/web"\nSee 'kubectl rollout -h' for help and examples\n`));
  });
});
