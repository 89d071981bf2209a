/** The top bar: the app's name, the scenario title, the kube-proxy mode. */
import { t } from '../i18n/messages.ts';
import { selectProxyMode, selectTitle } from '../store/selectors.ts';
import { useWorkspace } from '../store/WorkspaceProvider.tsx';

export function Header() {
  const title = useWorkspace(selectTitle);
  const proxyMode = useWorkspace(selectProxyMode);
  return (
    <header className="header">
      <span className="header-name">{t('app.name')}</span>
      <span className="header-sep" aria-hidden="true">·</span>
      <span className="header-title" data-testid="header.title" aria-label={t('header.scenario')}>
        {title ?? t('scenario.defaultTitle')}
      </span>
      <span className="header-mode">
        <span className="header-mode-label">{t('header.mode')}</span>
        <span className="badge" data-testid="header.mode">{proxyMode}</span>
      </span>
    </header>
  );
}
