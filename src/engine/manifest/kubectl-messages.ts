/**
 * kubectl v1.33's words for the problems it finds before sending anything
 * (k8s.io/cli-runtime/pkg/resource/visitor.go StreamVisitor, mapper.go infoForData,
 * k8s.io/kubectl/pkg/validation, k8s.io/apimachinery/pkg/api/meta errors.go), and the
 * API server's words for a body it cannot decode (apiserver handlers/rest.go transformDecodeError).
 */
import { badRequestError } from '../api/status.ts';
import type { StatusError } from '../api/status.ts';
import { goQuote } from '../api/go-strings.ts';

/** cli-runtime StreamVisitor: YAML that does not convert to JSON stops the stream. */
export function parsingError(file: string, detail: string): string {
  return `error: error parsing ${file}: ${detail}`;
}

/** k8s.io/kubectl/pkg/validation ValidateSchema + utilerrors aggregate: one bare, several bracketed. */
export function validatingError(file: string, problems: string[]): string {
  const agg = problems.length === 1 ? problems[0] : `[${problems.join(', ')}]`;
  return `error: error validating "${file}": error validating data: ${agg}; if you choose to ignore these errors, turn validation off with --validate=false`;
}

/** mapper.go infoForData wrapping meta.NoKindMatchError (one searched version). */
export function mappingNotFound(file: string, name: string, namespace: string, kind: string, apiVersion: string): string {
  return `error: resource mapping not found for name: ${goQuote(name)} namespace: ${goQuote(namespace)} from ${goQuote(file)}: no matches for kind ${goQuote(kind)} in version ${goQuote(apiVersion)}\nensure CRDs are installed first`;
}

/** mapper.go infoForData: the unstructured decoder's runtime.NewMissingKindErr. */
export function missingKind(file: string, json: string): string {
  return `error: unable to decode ${goQuote(file)}: Object 'Kind' is missing in '${json}'`;
}

/** transformDecodeError: `<Kind> in version "<version>" cannot be handled as a <Kind>: <err>`. */
export function cannotBeHandled(kind: string, version: string, detail: string): StatusError {
  return badRequestError(`${kind} in version ${goQuote(version)} cannot be handled as a ${kind}: ${detail}`);
}

/** genericapiserver's request body limit (3 MiB), errors.NewRequestEntityTooLargeError. */
export const MAX_REQUEST_BODY_BYTES = 3 * 1024 * 1024;

export function requestEntityTooLarge(): StatusError {
  return { reason: 'RequestEntityTooLarge', code: 413, message: `Request entity too large: limit is ${MAX_REQUEST_BODY_BYTES}` };
}
