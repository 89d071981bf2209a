/** Hands the workspace store to the component tree; components read it through selectors. */
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { WorkspaceActions, WorkspaceState, WorkspaceStore } from './workspace-store.ts';

const WorkspaceContext = createContext<WorkspaceStore | undefined>(undefined);

export function WorkspaceProvider({ store, children }: { store: WorkspaceStore; children: ReactNode }) {
  return <WorkspaceContext.Provider value={store}>{children}</WorkspaceContext.Provider>;
}

/** The store itself, for effects that act outside rendering (the test facade). */
export function useWorkspaceStore(): WorkspaceStore {
  const store = useContext(WorkspaceContext);
  if (!store) throw new Error('useWorkspace: no WorkspaceProvider above this component');
  return store;
}

/** Read the workspace through a module-level `selectX` selector, with shallow equality. */
export function useWorkspace<T>(selector: (s: WorkspaceState & WorkspaceActions) => T): T {
  return useStore(useWorkspaceStore(), useShallow(selector));
}
