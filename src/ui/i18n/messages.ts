/**
 * The message catalog: every string the UI shows a person comes from here (UI.md "Words").
 * English first; other languages add a catalog of the same keys. Kubernetes names
 * (`ClusterIP`, `kube-proxy`) stay as Kubernetes writes them in every language.
 */
const en = {
  'app.name': 'svcsim',
  'header.scenario': 'Scenario',
  'header.mode': 'kube-proxy mode',
  'scenario.defaultTitle': 'Default cluster',
  'cluster.heading': 'Cluster',
  'cluster.command': 'Output of {command}',
  'cluster.loading': 'Starting the simulated cluster…',
  'cluster.loadFailed': 'The simulated cluster could not start: {reason}',
  'problems.heading': 'Problems in the scenario',
  'problems.atLine': 'line {line}: {message}',
  'console.heading': 'Console',
  'console.inputLabel': 'Console line',
  'console.placeholder': 'kubectl get svc -A',
  'console.hint': 'Type a line and press Enter. Up and Down recall earlier lines.',
  'console.empty': 'No lines run yet.',
  'console.internalError': 'svcsim: internal error: {reason}',
} as const;

export type MessageKey = keyof typeof en;
export type Catalog = Record<MessageKey, string>;

const catalogs: Record<string, Catalog> = { en };

let active: Catalog = en;

/** Switch the UI language; unknown languages keep English. */
export function setLanguage(lang: string): void {
  active = catalogs[lang] ?? en;
}

/** The message for `key`, with `{name}` placeholders filled from `params`. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const text = active[key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
