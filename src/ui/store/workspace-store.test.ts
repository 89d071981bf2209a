import { describe, it, expect } from 'vitest';
import type { ClusterReader, Kind, KubeObject, LineResult, Node, ObjectOfKind, ProxyMode, SessionOptions } from '../../engine/index.ts';
import { createWorkspaceStore, OVERVIEW_COMMAND, type SessionView } from './workspace-store.ts';

function node(name: string, controlPlane = false): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: controlPlane ? { 'node-role.kubernetes.io/control-plane': '' } : {} },
    spec: {},
  };
}

/** A stand-in session: a cluster of named nodes and a console that records and echoes lines. */
function fakeSession(opts: { mode?: ProxyMode | ''; title?: string; run?: (line: string) => LineResult } = {}) {
  const objects: KubeObject[] = [node('node201'), node('master200', true)];
  const lines: string[] = [];
  let services = 1;
  const cluster: ClusterReader = {
    settings: {
      serviceSubnet: '10.96.0.0/12',
      podSubnet: '10.244.0.0/16',
      dnsDomain: 'cluster.local',
      nodePortRange: { base: 30000, size: 2768 },
      proxy: { apiVersion: 'kubeproxy.config.k8s.io/v1alpha1', kind: 'KubeProxyConfiguration', mode: opts.mode ?? 'ipvs' },
      cni: 'flannel-vxlan',
      kubernetesVersion: 'v1.33.1',
    },
    now: () => 0,
    get: () => undefined,
    list: <K extends Kind>(kind: K) => objects.filter((o): o is ObjectOfKind<K> => o.kind === kind),
    events: () => [],
    allEvents: () => [],
  };
  const session: SessionView = {
    cluster,
    scenario: opts.title ? { apiVersion: 'svcsim.dev/v1alpha1', kind: 'Scenario', title: opts.title } : undefined,
    problems: [{ message: 'Service "x" is invalid', position: { line: 3, column: 1 } }],
    // The mode kube-proxy runs in, which the session reads from the data plane ("" is iptables).
    proxyMode: opts.mode === '' ? 'iptables' : (opts.mode ?? 'ipvs'),
    run(line) {
      lines.push(line);
      if (opts.run) return opts.run(line);
      if (line.startsWith('kubectl create')) services++;
      const stdout = line === OVERVIEW_COMMAND ? `services: ${services}\n` : `ran ${line}\n`;
      return { line, exitCode: 0, stdout, stderr: '' };
    },
  };
  return { session, lines };
}

describe('workspace store', () => {
  it('loads a scenario into a fresh session and shows its overview, title, mode and control-plane host', () => {
    const fake = fakeSession({ title: 'Service basics' });
    const seen: SessionOptions[] = [];
    const store = createWorkspaceStore({ createSession: (o) => (seen.push(o ?? {}), fake.session) });
    expect(store.getState().isReady).toBe(false);

    store.getState().loadScenario('kind: Service\n');

    const s = store.getState();
    expect(seen).toEqual([{ scenario: 'kind: Service\n' }]);
    expect(s.isReady).toBe(true);
    expect(s.scenarioText).toBe('kind: Service\n');
    expect(s.title).toBe('Service basics');
    expect(s.proxyMode).toBe('ipvs');
    expect(s.host).toBe('master200');
    expect(s.problems).toEqual([{ message: 'Service "x" is invalid', position: { line: 3, column: 1 } }]);
    expect(s.overview).toEqual({ line: OVERVIEW_COMMAND, exitCode: 0, stdout: 'services: 1\n', stderr: '' });
  });

  it('shows the default mode iptables when the kube-proxy configuration leaves mode empty', () => {
    const store = createWorkspaceStore({ createSession: () => fakeSession({ mode: '' }).session });
    store.getState().loadScenario('');
    expect(store.getState().proxyMode).toBe('iptables');
    expect(store.getState().title).toBeUndefined();
  });

  it('appends each console line to the log and refreshes the overview the line changed', () => {
    const fake = fakeSession();
    const store = createWorkspaceStore({ createSession: () => fake.session });
    store.getState().loadScenario('');
    const before = store.getState();

    const result = store.getState().runLine('kubectl create service clusterip web --tcp=80');

    const after = store.getState();
    expect(result).toEqual({ line: 'kubectl create service clusterip web --tcp=80', exitCode: 0, stdout: 'ran kubectl create service clusterip web --tcp=80\n', stderr: '' });
    expect(after.consoleLog).toEqual([{ ...result, id: 0, host: 'master200', prompt: '[root@master200 ~]# ' }]);
    expect(after.overview?.stdout).toBe('services: 2\n');
    // Snapshots are replaced, never edited in place.
    expect(before.consoleLog).toEqual([]);
    expect(before.overview?.stdout).toBe('services: 1\n');
  });

  it('clears the console log on clear, as a terminal does, without running anything', () => {
    const fake = fakeSession({ run: (line) => ({ line, exitCode: 0, stdout: `ran ${line}\n`, stderr: '' }) });
    const store = createWorkspaceStore({ createSession: () => fake.session });
    store.getState().loadScenario('');
    store.getState().runLine('kubectl get ns');
    expect(store.getState().consoleLog).toHaveLength(1);
    store.getState().runLine('clear');
    expect(store.getState().consoleLog).toEqual([]);
  });

  it('turns an engine exception into a failed line, reports it, and keeps the page working', () => {
    const errors: unknown[] = [];
    const fake = fakeSession({
      run: (line) => {
        if (line === 'boom') throw new Error('kaput');
        return { line, exitCode: 0, stdout: 'ok\n', stderr: '' };
      },
    });
    const store = createWorkspaceStore({ createSession: () => fake.session, onInternalError: (e) => errors.push(e) });
    store.getState().loadScenario('');

    const result = store.getState().runLine('boom');

    expect(result).toEqual({ line: 'boom', exitCode: 1, stdout: '', stderr: 'svcsim: internal error: kaput\n' });
    expect(errors).toHaveLength(1);
    expect(store.getState().overview?.stdout).toBe('ok\n');
    expect(store.getState().runLine('kubectl get svc').stdout).toBe('ok\n');
  });

  it('says why when the session cannot start, and the console answers with that reason', () => {
    const store = createWorkspaceStore({
      createSession: () => {
        throw new Error('no default cluster');
      },
    });
    store.getState().loadScenario('x');
    expect(store.getState().isReady).toBe(true);
    expect(store.getState().loadError).toBe('no default cluster');
    expect(store.getState().overview).toBeUndefined();
    expect(store.getState().runLine('kubectl get pods').stderr).toBe('svcsim: internal error: no default cluster\n');
  });

  it('starts the console log over when a new scenario loads', () => {
    const store = createWorkspaceStore({ createSession: () => fakeSession().session });
    store.getState().loadScenario('');
    store.getState().runLine('kubectl get pods');
    store.getState().loadScenario('');
    expect(store.getState().consoleLog).toEqual([]);
  });
});
