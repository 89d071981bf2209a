/**
 * A manifest stream -> documents, following kubectl v1.33's resource builder step by step
 * (k8s.io/cli-runtime/pkg/resource/visitor.go StreamVisitor.Visit):
 *  1. split at `---` lines; convert each piece YAML -> JSON (syntax errors stop the stream);
 *  2. skip empty and `null` documents;
 *  3. validate apiVersion/kind (errors stop the stream);
 *  4. map the kind to a resource (unknown kinds and missing kinds fail that document only);
 *  5. send each object: the API server checks the body size and strict-decodes it.
 * `kubectl apply` and `create` both act on the documents read before a stream-stopping error.
 */
import type { SourcePosition } from '../api/meta.ts';
import type { ManifestObject } from '../api/objects.ts';
import { kindSchema } from '../api/schema/index.ts';
import { parseChunk } from './go-yaml.ts';
import type { JNode } from './json-tree.ts';
import { goJSON } from './json-tree.ts';
import {
  MAX_REQUEST_BODY_BYTES,
  cannotBeHandled,
  mappingNotFound,
  missingKind,
  parsingError,
  requestEntityTooLarge,
  validatingError,
} from './kubectl-messages.ts';
import { LineIndex, offsetOfPath } from './positions.ts';
import { originalOffset, splitDocuments } from './split.ts';
import type { Chunk } from './split.ts';
import { strictDecode } from './strict-decode.ts';
import type { ManifestDocument, ManifestError, ManifestWarning, ParseResult } from './types.ts';

/** svcsim's own ceiling on what it reads at all, so the editor stays responsive. */
export const MAX_INPUT_CHARS = 8 * 1024 * 1024;

export function parseManifests(text: string, opts: { file: string }): ParseResult {
  const file = opts.file;
  const lines = new LineIndex(text, file);
  const documents: ManifestDocument[] = [];
  const errors: ManifestError[] = [];
  if (text.length > MAX_INPUT_CHARS) {
    errors.push({ stage: 'client', message: `error: svcsim reads at most ${MAX_INPUT_CHARS} characters; ${file} has ${text.length}`, position: lines.at(0) });
    return { documents, errors };
  }
  const split = splitDocuments(text);
  let reached = true;
  const stop = (e: ManifestError) => {
    if (reached) errors.push(e);
    reached = false;
  };

  for (const chunk of split.chunks) {
    const at = (offset: number): SourcePosition => lines.at(originalOffset(chunk, offset));
    const start = at(firstContentOffset(chunk.text));
    const base = { served: false, position: start, warnings: [] as ManifestWarning[], positionOf: () => start };
    if (new TextEncoder().encode(chunk.text).length > MAX_REQUEST_BODY_BYTES) {
      // Not parsed: a YAML text over the limit makes a JSON body over it too (simplification:
      // only heavy indentation could shrink it below).
      const status = requestEntityTooLarge();
      documents.push({ ...base, index: documents.length, reached, errors: [{ stage: 'server', message: status.message, status, position: start }] });
      continue;
    }
    const parsed = parseChunk(chunk.text);
    const warnings: ManifestWarning[] = parsed.duplicates.map((d) => ({
      message: `duplicate key "${d.path}": kubectl keeps the last value without a word`,
      position: at(d.offset),
    }));
    const nonFinite = parsed.root ? findNonFinite(parsed.root) : undefined;
    if (parsed.error || nonFinite) {
      const detail = parsed.error
        ? parsed.error.message
        : `json: unsupported value: ${nonFinite!.v > 0 ? '+Inf' : nonFinite!.v < 0 ? '-Inf' : 'NaN'}`;
      const e: ManifestError = {
        stage: 'client',
        message: parsingError(file, `error converting YAML to JSON: ${detail}`),
        position: at(parsed.error ? parsed.error.offset : nonFinite!.start),
      };
      documents.push({ ...base, warnings, index: documents.length, reached: false, errors: [e] });
      stop(e);
      continue;
    }
    if (!parsed.root) continue;
    const root = parsed.root;
    const positionOf = (path: string) => at(offsetOfPath(root, path));

    const problems = kindProblems(root);
    if (problems.length > 0) {
      const e: ManifestError = { stage: 'client', message: validatingError(file, problems), position: at(root.start) };
      documents.push({ ...base, warnings, positionOf, index: documents.length, reached: false, errors: [e] });
      stop(e);
      continue;
    }
    const rootMap = root as JNode & { k: 'map' };
    if (str(rootMap, 'apiVersion') === 'v1' && str(rootMap, 'kind') === 'List') {
      const items = rootMap.entries.find((e) => e.key === 'items')?.value;
      const list = items?.k === 'seq' ? items.items : [];
      list.forEach((item, i) => {
        const itemAt = (path: string) => at(offsetOfPath(item, path));
        const own = warnings.filter((_, w) => parsed.duplicates[w].path.startsWith(`items[${i}].`));
        documents.push(decodeObject(item, file, documents.length, reached, at, itemAt, own));
      });
      continue;
    }
    documents.push(decodeObject(root, file, documents.length, reached, at, positionOf, warnings));
  }
  if (split.error) stop({ stage: 'client', message: parsingError(file, split.error.message), position: lines.at(split.error.offset) });
  return { documents, errors };
}

function decodeObject(
  node: JNode,
  file: string,
  index: number,
  reached: boolean,
  at: (offset: number) => SourcePosition,
  positionOf: (path: string) => SourcePosition,
  warnings: ManifestWarning[],
): ManifestDocument {
  const position = at(node.start);
  const doc = (errors: ManifestError[], served: boolean, object?: ManifestObject): ManifestDocument => ({
    index,
    object,
    errors,
    warnings: [...warnings],
    reached,
    served,
    position,
    positionOf,
  });
  if (node.k !== 'map') return doc([{ stage: 'client', message: missingKind(file, goJSON(node)), position }], false);
  const apiVersion = str(node, 'apiVersion') ?? '';
  const kind = str(node, 'kind') ?? '';
  if (!kind) return doc([{ stage: 'client', message: missingKind(file, goJSON(node)), position }], false);
  const ks = kindSchema(apiVersion, kind);
  if (!ks) {
    const meta = node.entries.find((e) => e.key === 'metadata')?.value;
    const name = meta?.k === 'map' ? (str(meta, 'name') ?? '') : '';
    const ns = meta?.k === 'map' ? (str(meta, 'namespace') ?? '') : '';
    return doc([{ stage: 'client', message: mappingNotFound(file, name, ns, kind, apiVersion), position }], false);
  }
  const version = apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion;
  if (ks.served && new TextEncoder().encode(goJSON(node)).length > MAX_REQUEST_BODY_BYTES) {
    const status = requestEntityTooLarge();
    return doc([{ stage: 'server', message: status.message, status, position }], true);
  }
  const decoded = strictDecode(node, ks.schema);
  const errors: ManifestError[] = [];
  const docWarnings: ManifestWarning[] = [];
  const where = (path: string) => positionOf(path);
  if (decoded.typeError) {
    const status = cannotBeHandled(kind, version, decoded.typeError.message);
    status.position = where(decoded.typeError.path);
    errors.push({ stage: ks.served ? 'server' : 'client', message: status.message, status, position: status.position });
  } else if (decoded.unknown.length > 0) {
    const detail = `strict decoding error: ${decoded.unknown.map((u) => u.message).join(', ')}`;
    if (ks.served || kind === 'Scenario') {
      const status = cannotBeHandled(kind, version, detail);
      status.position = where(decoded.unknown[0].path);
      errors.push({ stage: ks.served ? 'server' : 'client', message: status.message, status, position: status.position });
    } else {
      // kube-proxy and kubeadm decode their configuration leniently after a strict failure
      // and only log it (cmd/kube-proxy/app/server.go loadConfig).
      for (const u of decoded.unknown) docWarnings.push({ message: `strict decoding error: ${u.message}`, position: where(u.path) });
    }
  }
  const result = doc(errors, ks.served, errors.length === 0 ? (decoded.value as unknown as ManifestObject) : undefined);
  result.warnings.push(...docWarnings);
  return result;
}

/** kubectl validation getObjectKind (k8s.io/kubectl/pkg/validation). */
function kindProblems(root: JNode): string[] {
  if (root.k !== 'map') return ['invalid object to validate'];
  const problems: string[] = [];
  const get = (key: string) => root.entries.find((e) => e.key === key)?.value;
  const apiVersion = get('apiVersion');
  if (!apiVersion || apiVersion.k === 'null') problems.push('apiVersion not set');
  else if (apiVersion.k !== 'str') problems.push("apiVersion isn't string type");
  else if (apiVersion.v.split('/').length > 2) problems.push(`unexpected GroupVersion string: ${apiVersion.v}`);
  const kind = get('kind');
  if (!kind || kind.k === 'null') problems.push('kind not set');
  else if (kind.k !== 'str') problems.push("kind isn't string type");
  return problems;
}

function str(node: JNode & { k: 'map' }, key: string): string | undefined {
  const v = node.entries.find((e) => e.key === key)?.value;
  return v?.k === 'str' ? v.v : undefined;
}

function findNonFinite(n: JNode): (JNode & { k: 'float' }) | undefined {
  const stack: JNode[] = [n];
  let budget = 5_000_000;
  while (stack.length > 0 && budget-- > 0) {
    const x = stack.pop()!;
    if (x.k === 'float' && !Number.isFinite(x.v)) return x;
    if (x.k === 'seq') for (const item of x.items) stack.push(item);
    else if (x.k === 'map') for (const e of x.entries) stack.push(e.value);
  }
  return undefined;
}

function firstContentOffset(text: string): number {
  const m = /[^\s]/.exec(text);
  return m ? m.index : 0;
}

export type { Chunk };
