/** Module-level selectors: components read the store only through these. */
import type { WorkspaceActions, WorkspaceState } from './workspace-store.ts';

type S = WorkspaceState & WorkspaceActions;

export const selectIsReady = (s: S) => s.isReady;
export const selectLoadError = (s: S) => s.loadError;
export const selectTitle = (s: S) => s.title;
export const selectProxyMode = (s: S) => s.proxyMode;
export const selectHost = (s: S) => s.host;
export const selectPrompt = (s: S) => s.prompt;
export const selectProblems = (s: S) => s.problems;
export const selectOverview = (s: S) => s.overview;
export const selectConsoleLog = (s: S) => s.consoleLog;
export const selectRunLine = (s: S) => s.runLine;
export const selectLoadScenario = (s: S) => s.loadScenario;
