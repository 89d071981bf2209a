/**
 * A typed door for end-to-end tests: they wait on `ready` and drive the console through
 * `run`, instead of sleeping. Installed once the page has rendered the first snapshot.
 */
import type { LineResult } from '../engine/index.ts';
import type { WorkspaceStore } from './store/workspace-store.ts';

export interface SvcsimTestFacade {
  /** True once the session has loaded and the page shows its cluster. */
  readonly ready: boolean;
  /** Run a console line, as if typed; the console log and cluster panel follow. */
  run(line: string): LineResult;
  /** The scenario title and kube-proxy mode the header shows. */
  header(): { title: string | undefined; proxyMode: string };
}

declare global {
  interface Window {
    __svcsim?: SvcsimTestFacade;
  }
}

export function installTestFacade(target: Window, store: WorkspaceStore): () => void {
  const facade: SvcsimTestFacade = {
    get ready() {
      return store.getState().isReady;
    },
    run: (line) => store.getState().runLine(line),
    header: () => ({ title: store.getState().title, proxyMode: store.getState().proxyMode }),
  };
  target.__svcsim = facade;
  return () => {
    if (target.__svcsim === facade) delete target.__svcsim;
  };
}
