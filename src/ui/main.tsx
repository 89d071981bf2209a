/** The browser entry: one engine session for the built-in scenario, rendered by React. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createSession } from '../engine/index.ts';
import { App } from './app/App.tsx';
import { createWorkspaceStore } from './store/workspace-store.ts';
import { WorkspaceProvider } from './store/WorkspaceProvider.tsx';
import './app/app.css';

/**
 * The scenario the page opens with: empty text is the engine's embedded default cluster
 * (master200 and node201-203, kubeadm v1.33 with flannel and CoreDNS). A scenario picker
 * over src/scenarios comes with the full workspace (UI.md).
 */
const DEFAULT_SCENARIO = '';

const store = createWorkspaceStore({
  createSession,
  // The engine should never throw; when it does, say so where developers and e2e tests look.
  onInternalError: (error) => console.error(error),
});
store.getState().loadScenario(DEFAULT_SCENARIO);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <WorkspaceProvider store={store}>
      <App />
    </WorkspaceProvider>
  </StrictMode>,
);
