/**
 * The workspace store: the scenario text and what the engine session derives from it.
 * The session itself is mutable (console lines change the cluster), so it lives in the
 * store's closure, never in state; after every change the store takes a fresh snapshot.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { LineResult, ProxyMode, ScenarioProblem, Session, SessionOptions } from '../../engine/index.ts';
import { t } from '../i18n/messages.ts';

/** What the cluster panel shows: the command a person would type to see the whole cluster. */
export const OVERVIEW_COMMAND = 'kubectl get nodes,pods,svc -A -o wide';

const CONTROL_PLANE_LABEL = 'node-role.kubernetes.io/control-plane';

/** One line run in the console and what it printed. */
export interface ConsoleEntry extends LineResult {
  /** Position in the log, for React keys. */
  id: number;
  /** The console's home host when the line ran. */
  host: string;
  /** The prompt the line was typed at (a pod's shell after `kubectl exec -it POD -- sh`). */
  prompt: string;
}

/** The console's prompt on a host, as the seed tutorials show it (bash's \h: up to the first dot). */
export const hostPrompt = (host: string) => `[root@${host.split('.')[0]} ~]# `;

export interface WorkspaceState {
  scenarioText: string;
  isReady: boolean;
  /** Why the session could not start, when it could not. */
  loadError: string | undefined;
  title: string | undefined;
  proxyMode: ProxyMode;
  /** The host console lines run on (the control-plane node). */
  host: string;
  /** The prompt the next line is typed at. */
  prompt: string;
  problems: readonly ScenarioProblem[];
  /** The result of OVERVIEW_COMMAND against the current cluster. */
  overview: LineResult | undefined;
  consoleLog: readonly ConsoleEntry[];
}

export interface WorkspaceActions {
  /** Start a fresh session from scenario text (the console log starts over). */
  loadScenario(text: string): void;
  /** Run one console line; the cluster overview follows what it changed. */
  runLine(line: string): LineResult;
}

export type WorkspaceStore = StoreApi<WorkspaceState & WorkspaceActions>;

/** The part of a session the store uses (a Pick, so a test can hand in a plain object). */
export type SessionView = Pick<Session, 'cluster' | 'scenario' | 'problems' | 'run' | 'proxyMode'> & Partial<Pick<Session, 'prompt'>>;

/** The part of the engine the store needs, so tests can hand in a stand-in. */
export type CreateSession = (opts?: SessionOptions) => SessionView;

export interface WorkspaceStoreOptions {
  createSession: CreateSession;
  /** Called with errors the engine threw (it should not), so they reach the browser console. */
  onInternalError?: (error: unknown) => void;
}

const initialState: WorkspaceState = {
  scenarioText: '',
  isReady: false,
  loadError: undefined,
  title: undefined,
  proxyMode: 'iptables',
  host: 'localhost',
  prompt: hostPrompt('localhost'),
  problems: [],
  overview: undefined,
  consoleLog: [],
};

function controlPlaneHost(session: SessionView): string {
  const nodes = session.cluster.list('Node');
  const cp = nodes.find((n) => n.metadata.labels?.[CONTROL_PLANE_LABEL] !== undefined) ?? nodes[0];
  return cp?.metadata.name ?? 'localhost';
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createWorkspaceStore(opts: WorkspaceStoreOptions): WorkspaceStore {
  let session: SessionView | undefined;
  const onInternalError = opts.onInternalError ?? (() => {});

  /** Run a line, turning an engine exception into a failed line instead of a blank page. */
  const runSafely = (s: SessionView, line: string, home = false): LineResult => {
    try {
      return home ? s.run(line, { home: true }) : s.run(line);
    } catch (error) {
      onInternalError(error);
      return { line, exitCode: 1, stdout: '', stderr: t('console.internalError', { reason: message(error) }) + '\n' };
    }
  };

  return createStore<WorkspaceState & WorkspaceActions>()((set, get) => ({
    ...initialState,

    loadScenario(text) {
      try {
        session = opts.createSession({ scenario: text });
      } catch (error) {
        session = undefined;
        onInternalError(error);
        set({ ...initialState, scenarioText: text, isReady: true, loadError: message(error) });
        return;
      }
      set({
        scenarioText: text,
        isReady: true,
        loadError: undefined,
        title: session.scenario?.title,
        proxyMode: session.proxyMode,
        host: controlPlaneHost(session),
        prompt: session.prompt ?? hostPrompt(controlPlaneHost(session)),
        problems: [...session.problems],
        // The overview is read on the home node, whatever shell the console is in.
        overview: runSafely(session, OVERVIEW_COMMAND, true),
        consoleLog: [],
      });
    },

    runLine(line) {
      // `clear` empties the terminal, as ncurses' clear does; the cluster is not touched.
      if (line.trim() === 'clear') {
        set({ consoleLog: [] });
        return { line, exitCode: 0, stdout: '', stderr: '' };
      }
      const s = session;
      if (!s) return { line, exitCode: 1, stdout: '', stderr: t('console.internalError', { reason: get().loadError ?? '' }) + '\n' };
      const { consoleLog, host, prompt } = get();
      const result = runSafely(s, line);
      set({
        consoleLog: [...consoleLog, { ...result, id: consoleLog.length, host, prompt }],
        overview: runSafely(s, OVERVIEW_COMMAND, true),
        proxyMode: s.proxyMode,
        prompt: s.prompt ?? hostPrompt(host),
      });
      return result;
    },
  }));
}
