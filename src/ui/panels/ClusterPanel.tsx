/** The cluster as `kubectl get nodes,pods,svc -A -o wide` prints it, plus scenario problems. */
import { t } from '../i18n/messages.ts';
import { OVERVIEW_COMMAND } from '../store/workspace-store.ts';
import { selectLoadError, selectOverview, selectProblems } from '../store/selectors.ts';
import { useWorkspace } from '../store/WorkspaceProvider.tsx';

export function ClusterPanel() {
  const overview = useWorkspace(selectOverview);
  const problems = useWorkspace(selectProblems);
  const loadError = useWorkspace(selectLoadError);
  return (
    <section className="panel cluster" aria-labelledby="cluster-heading">
      <h2 id="cluster-heading" className="panel-heading">
        {t('cluster.heading')}
        <span className="panel-sub">{t('cluster.command', { command: OVERVIEW_COMMAND })}</span>
      </h2>
      {loadError !== undefined && (
        <p className="error" role="alert">{t('cluster.loadFailed', { reason: loadError })}</p>
      )}
      {problems.length > 0 && (
        <div className="problems" data-testid="cluster.problems">
          <h3>{t('problems.heading')}</h3>
          <ul>
            {problems.map((p, i) => (
              <li key={i}>{p.position ? t('problems.atLine', { line: p.position.line, message: p.message }) : p.message}</li>
            ))}
          </ul>
        </div>
      )}
      <pre className="mono output" data-testid="cluster.output">
        {overview ? overview.stdout : t('cluster.loading')}
        {overview?.stderr ? <span className="stderr">{overview.stderr}</span> : null}
      </pre>
    </section>
  );
}
