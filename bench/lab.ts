/**
 * The kernel lab's speed (issue 6): building a 3-node, 10-pod lab on this machine (namespaces,
 * links, VXLAN, each node's iptables rules, a server per pod, waiting until every server
 * listens) and tearing it down, against the 10 s target. Needs root on Linux with network
 * namespaces; elsewhere it prints why it skipped and gives no figure. The lab is built in a
 * child process (labUp waits asynchronously; the bench modules are synchronous).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkHost } from '../src/cli/lab/host.ts';
import type { BenchFigure } from './figures.ts';

const PREFIX = 'svb-';
const NODES = 3;
const PODS = 10;

function node(i: number): string {
  return `apiVersion: v1
kind: Node
metadata:
  name: n${i}
${i === 0 ? '  labels:\n    node-role.kubernetes.io/control-plane: ""\n' : ''}spec:
  podCIDR: 10.244.${i}.0/24
status:
  addresses:
  - type: InternalIP
    address: 10.0.0.${10 + i}
`;
}

function pod(i: number): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: web-${i}
  labels:
    app: web
spec:
  nodeName: n${i % NODES}
  containers:
  - name: app
    image: traefik/whoami
    ports:
    - containerPort: 80
`;
}

export const LAB_SCENARIO = [
  'apiVersion: svcsim.dev/v1alpha1\nkind: Scenario\nbase: empty\n',
  ...Array.from({ length: NODES }, (_, i) => node(i)),
  ...Array.from({ length: PODS }, (_, i) => pod(i)),
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: NodePort\n  selector:\n    app: web\n  ports:\n  - port: 80\n',
].join('---\n');

/** In the child: build, tear down, print the two times in ms as JSON. */
async function child(): Promise<void> {
  const { createSession, labPlanOf } = await import('../src/engine/index.ts');
  const { labDown, labUp } = await import('../src/cli/lab/runner.ts');
  const session = createSession({ scenario: LAB_SCENARIO });
  if (session.problems.length) throw new Error(session.problems.map((p) => p.message).join('\n'));
  const dir = mkdtempSync(join(tmpdir(), 'svcsim-bench-lab-'));
  try {
    const t0 = performance.now();
    const state = await labUp(labPlanOf(session, { prefix: PREFIX }), dir, { maxSeconds: 120 });
    const t1 = performance.now();
    labDown(dir, PREFIX);
    const t2 = performance.now();
    const pods = state.places.filter((p) => p.kind === 'pod').length;
    const nodes = state.places.filter((p) => p.kind === 'node').length;
    process.stdout.write(`${JSON.stringify({ up: t1 - t0, down: t2 - t1, pods, nodes })}\n`);
  } finally {
    labDown(dir, PREFIX);
    rmSync(dir, { recursive: true, force: true });
  }
}

export function runLabBench(): BenchFigure[] {
  const host = checkHost('iptables', PREFIX);
  if (!host.ok) {
    console.log(`kernel lab: skipped: ${host.reasons.join('; ')}`);
    return [];
  }
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, ['--import', 'tsx', self, '--child'], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) {
    console.log(`kernel lab: skipped: the lab did not build: ${(r.stderr || r.error?.message || '').trim().split('\n').slice(-3).join(' ')}`);
    return [];
  }
  const t = JSON.parse(r.stdout.trim().split('\n').pop()!) as { up: number; down: number; pods: number; nodes: number };
  return [
    {
      name: `kernel lab: build a ${t.nodes}-node, ${t.pods}-pod lab (iptables mode, servers listening) and tear it down (up ${(t.up / 1000).toFixed(1)} s, down ${(t.down / 1000).toFixed(1)} s)`,
      value: (t.up + t.down) / 1000,
      unit: 's',
      target: 10,
    },
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === '--child') await child();
