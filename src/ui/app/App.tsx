/** The workspace page: header, the cluster overview, the console. */
import { useEffect } from 'react';
import { Header } from './Header.tsx';
import { ClusterPanel } from '../panels/ClusterPanel.tsx';
import { ConsolePanel } from '../panels/ConsolePanel.tsx';
import { useWorkspaceStore } from '../store/WorkspaceProvider.tsx';
import { installTestFacade } from '../test-facade.ts';

export function App() {
  const store = useWorkspaceStore();
  // Installed after the first commit, so a test that sees the facade also sees the page.
  useEffect(() => installTestFacade(window, store), [store]);
  return (
    <div className="app">
      <Header />
      <main className="workspace">
        <ClusterPanel />
        <ConsolePanel />
      </main>
    </div>
  );
}
