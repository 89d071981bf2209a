/**
 * The console: type a line, Enter runs it, the output is appended below as plain text
 * (never HTML). Up/Down recall earlier lines; `/` anywhere else focuses the input (UI.md).
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { t } from '../i18n/messages.ts';
import type { ConsoleEntry } from '../store/workspace-store.ts';
import { selectConsoleLog, selectPrompt, selectRunLine } from '../store/selectors.ts';
import { useWorkspace } from '../store/WorkspaceProvider.tsx';

function Entry({ entry }: { entry: ConsoleEntry }) {
  return (
    <div className="console-entry" data-testid="console.entry" data-exit-code={entry.exitCode}>
      <span className="prompt">{entry.prompt}</span>
      <span className="console-line">{entry.line}</span>
      {'\n'}
      {entry.interleaved !== undefined ? (
        // Both streams in the order written (`cmd_a; cmd_b` where a failed): as a terminal shows them.
        entry.interleaved
      ) : (
        <>
          {entry.stdout}
          {/* A terminal colours no stream: only a failed line's stderr is marked (curl -v's trace is not an error). */}
          {entry.stderr ? <span className={entry.exitCode === 0 ? undefined : 'stderr'}>{entry.stderr}</span> : null}
        </>
      )}
    </div>
  );
}

export function ConsolePanel() {
  const log = useWorkspace(selectConsoleLog);
  // The home node's prompt, or a pod's shell's after `kubectl exec -it POD -- sh`, until `exit`.
  const prompt = useWorkspace(selectPrompt);
  const runLine = useWorkspace(selectRunLine);
  const [draft, setDraft] = useState('');
  // Index into the lines typed so far while recalling with Up/Down; log.length means "the draft".
  const [recall, setRecall] = useState<number | undefined>(undefined);
  const inputRef = useRef<HTMLInputElement>(null);
  const logRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = logRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [log]);

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      const typing = target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable);
      if (e.key === '/' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        inputRef.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      const line = draft.trim();
      if (line === '') return;
      runLine(line);
      setDraft('');
      setRecall(undefined);
    } else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      if (log.length === 0) return;
      e.preventDefault();
      const at = recall ?? log.length;
      const next = e.key === 'ArrowUp' ? Math.max(0, at - 1) : Math.min(log.length, at + 1);
      setRecall(next === log.length ? undefined : next);
      setDraft(next === log.length ? '' : log[next].line);
    }
  };

  return (
    <section className="panel console" aria-labelledby="console-heading">
      <h2 id="console-heading" className="panel-heading">
        {t('console.heading')}
        <span className="panel-sub">{t('console.hint')}</span>
      </h2>
      <div className="mono output console-log" data-testid="console.log" ref={logRef} role="log">
        {log.length === 0 ? <span className="muted">{t('console.empty')}</span> : log.map((e) => <Entry key={e.id} entry={e} />)}
      </div>
      <label className="console-input-row">
        <span className="prompt mono" aria-hidden="true" data-testid="console.prompt">
          {prompt}
        </span>
        <input
          ref={inputRef}
          className="mono console-input"
          data-testid="console.input"
          aria-label={t('console.inputLabel')}
          placeholder={t('console.placeholder')}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={onKeyDown}
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
        />
      </label>
    </section>
  );
}
