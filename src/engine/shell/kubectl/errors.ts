/**
 * How kubectl prints errors (kubernetes/kubectl pkg/cmd/util/helpers.go: checkErr,
 * StandardErrorMessage, MultilineError, MultipleErrors, AddSourceToErr).
 */
import type { StatusError } from '../../api/status.ts';
import { formatFieldError } from '../../api/status.ts';

/** One error a kubectl command met: an API status (maybe about a file), or kubectl's own words. */
export type KubectlError =
  | { kind: 'status'; status: StatusError; /** `creating`, `deleting`, `replacing` ... */ verb?: string; source?: string }
  | { kind: 'plain'; message: string };

export function statusErr(status: StatusError, verb?: string, source?: string): KubectlError {
  return { kind: 'status', status, verb, source };
}

export function plainErr(message: string): KubectlError {
  return { kind: 'plain', message };
}

/** AddSourceToErr: the message as it reads after kubectl names the file. */
function sourcedMessage(e: Extract<KubectlError, { kind: 'status' }>): string {
  return e.source ? `error when ${e.verb ?? 'creating'} "${e.source}": ${e.status.message}` : e.status.message;
}

/** StandardErrorMessage / messageForError: one error inside a list of several. */
function standardMessage(e: KubectlError): string {
  if (e.kind === 'plain') return e.message.replace(/^error: /, '');
  return `Error from server (${e.status.reason}): ${sourcedMessage(e)}`;
}

/** checkErr for a single error. */
function singleMessage(e: KubectlError): string {
  if (e.kind === 'plain') return e.message.startsWith('error: ') ? e.message : `error: ${e.message}`;
  const s = e.status;
  if (s.reason === 'Invalid' && s.causes && s.causes.length) {
    // details.Kind is the bare kind (no group): `The Deployment "x" is invalid`.
    const kind = (s.qualifiedKind ?? '').split('.')[0];
    const prefix = `The ${kind} "${s.name ?? ''}" is invalid: `;
    const lines = [...new Set(s.causes.map(formatFieldError))];
    if (lines.length === 1) return prefix + lines[0];
    return `${prefix}\n${lines.map((l) => `* ${l}`).join('\n')}`;
  }
  return standardMessage(e);
}

/** What kubectl writes to stderr for the errors a command collected (one, or an aggregate). */
export function renderErrors(errors: readonly KubectlError[]): string {
  if (errors.length === 0) return '';
  if (errors.length === 1) return ensureNewline(singleMessage(errors[0]));
  return errors.map((e) => ensureNewline(standardMessage(e))).join('');
}

function ensureNewline(s: string): string {
  return s.endsWith('\n') ? s : `${s}\n`;
}
