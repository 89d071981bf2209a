/** The browser entry: one engine session for the built-in scenario, rendered by React. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createSession } from '../engine/index.ts';
import { scenarioByName } from '../scenarios/index.ts';
import { App } from './app/App.tsx';
import { createWorkspaceStore } from './store/workspace-store.ts';
import { WorkspaceProvider } from './store/WorkspaceProvider.tsx';
import './app/app.css';

/**
 * The built-in scenario the page opens with: seed 001, the main tutorial (its four machines
 * master200, node201-203 on top of the default cluster). Empty text would be the engine's
 * embedded default cluster alone.
 */
const DEFAULT_SCENARIO = scenarioByName('001-mynginx')?.text ?? '';

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
