/**
 * `-f FILE` for create, apply, replace, delete and get: reads each file (or `-` for stdin),
 * decodes its documents, and sorts out what kubectl refuses before talking to the server.
 */
import type { KubeObject, ManifestObject } from '../../api/objects.ts';
import { RESOURCES } from '../../api/resources.ts';
import { parseManifests, type ManifestDocument } from '../../manifest/index.ts';
import type { ShellContext } from '../context.ts';
import { plainErr, statusErr, type KubectlError } from './errors.ts';

export interface FileObject {
  /** The file as the user named it: kubectl's `info.Source` (`STDIN` for `-`). */
  source: string;
  object: KubeObject;
  doc: ManifestDocument;
}

export interface ReadFilesResult {
  objects: FileObject[];
  /** Per-document problems; the other documents still go ahead. */
  errors: KubectlError[];
  /** A problem that stops the command before anything is sent. */
  fatal?: string;
  /** A problem that stopped kubectl reading a file: printed after the documents read before it. */
  stopped?: KubectlError;
}

const STORED_KINDS = new Set<string>(RESOURCES.map((r) => r.kind));

function isStored(o: ManifestObject): o is KubeObject {
  return STORED_KINDS.has(o.kind);
}

/** How kubectl words a document whose kind the server does not serve (meta.NoKindMatchError via the builder). */
function noMatchError(o: ManifestObject, source: string): string {
  const meta = (o as { metadata?: { name?: string; namespace?: string } }).metadata ?? {};
  return (
    `error: resource mapping not found for name: "${meta.name ?? ''}" namespace: "${meta.namespace ?? ''}" from "${source}": ` +
    `no matches for kind "${o.kind}" in version "${o.apiVersion}"\nensure CRDs are installed first`
  );
}

/** The manifest extensions a directory's files need (cli-runtime resource.FileExtensions). */
const MANIFEST_EXTENSIONS = ['.json', '.yaml', '.yml'];

/**
 * A path as the builder expands it (visitor.go ExpandPathsToFileVisitors, filepath.Walk): a file
 * as it is; a directory's files with a manifest extension in name order, its subdirectories
 * only with -R. Undefined when the path is neither.
 */
function expandPath(path: string, ctx: ShellContext, recursive: boolean): string[] | undefined {
  if (ctx.files.readFile(path) !== undefined) return [path];
  const walk = (dir: string): string[] | undefined => {
    const entries = ctx.files.readDirectory?.(dir);
    if (!entries) return undefined;
    const out: string[] = [];
    const base = dir.replace(/\/+$/, '') || '/';
    for (const e of [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = base === '/' ? `/${e.name}` : `${base}/${e.name}`;
      if (e.directory) {
        if (recursive) out.push(...(walk(full) ?? []));
      } else if (MANIFEST_EXTENSIONS.some((x) => e.name.endsWith(x))) out.push(full);
    }
    return out;
  };
  return walk(path);
}

export function readManifestFiles(paths: readonly string[], ctx: ShellContext, verb: string, recursive = false): ReadFilesResult {
  const result: ReadFilesResult = { objects: [], errors: [] };
  const expanded: string[] = [];
  for (const path of paths) {
    if (path === '-' || /^https?:\/\//.test(path)) expanded.push(path);
    else expanded.push(...(expandPath(path, ctx, recursive) ?? [path]));
  }
  for (const path of expanded) {
    let text: string | undefined;
    let source = path;
    if (path === '-') {
      text = ctx.stdin ?? '';
      source = 'STDIN';
    } else if (/^https?:\/\//.test(path)) {
      return { ...result, fatal: `error: svcsim has no network: cannot read the URL "${path}"` };
    } else {
      text = ctx.files.readFile(path);
    }
    if (text === undefined) return { ...result, fatal: `error: the path "${path}" does not exist` };
    const parsed = parseManifests(text, { file: source });
    for (const doc of parsed.documents) {
      // kubectl stops reading at a broken document; those before it still go ahead.
      if (!doc.reached) continue;
      if (doc.errors.length) {
        for (const e of doc.errors) {
          result.errors.push(e.stage === 'server' && e.status ? statusErr(e.status, verb, source) : plainErr(e.message));
        }
        continue;
      }
      if (!doc.object) continue;
      if (!isStored(doc.object)) {
        result.errors.push(plainErr(noMatchError(doc.object, source)));
        continue;
      }
      result.objects.push({ source, object: doc.object, doc });
    }
    if (parsed.errors.length) {
      const e = parsed.errors[0];
      result.stopped = e.stage === 'server' && e.status ? statusErr(e.status, verb, source) : plainErr(e.message);
      return result;
    }
  }
  return result;
}

/**
 * The namespace an object from a file goes to: its own, or the command's. kubectl refuses
 * a clash when `-n` was given explicitly (cli-runtime resource.Builder / mapper).
 */
export function placeInNamespace(
  obj: KubeObject,
  namespace: string,
  explicit: boolean,
): { ok: true; object: KubeObject } | { ok: false; error: string } {
  const info = RESOURCES.find((r) => r.kind === obj.kind);
  if (!info?.namespaced) {
    if (obj.metadata.namespace === undefined) return { ok: true, object: obj };
    const { namespace: _dropped, ...meta } = obj.metadata;
    void _dropped;
    return { ok: true, object: { ...obj, metadata: meta } as KubeObject };
  }
  const own = obj.metadata.namespace;
  if (own && explicit && own !== namespace) {
    return {
      ok: false,
      error: `error: the namespace from the provided object "${own}" does not match the namespace "${namespace}". You must pass '--namespace=${own}' to perform this operation.`,
    };
  }
  if (own) return { ok: true, object: obj };
  return { ok: true, object: { ...obj, metadata: { ...obj.metadata, namespace } } as KubeObject };
}
