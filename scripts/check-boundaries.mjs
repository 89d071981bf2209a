#!/usr/bin/env node
/**
 * The boundary lint (STYLE.md "Boundaries"): a small import scanner, no dependencies.
 *
 * Why not ESLint: typescript-eslint needs TypeScript's JS compiler API, which TypeScript 7
 * (our tsc) no longer has; pinning a second TypeScript just for lint is not worth it for rules
 * this simple. The scanner blanks comments and string contents, then matches imports and
 * forbidden globals with regular expressions.
 *
 * Usage: node scripts/check-boundaries.mjs [root]   (root defaults to the repository)
 * Prints each violation as `file:line: message` and exits 1 when there is any.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const SOURCE_EXT = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const TEST_FILE = /\.test\.(ts|tsx|mts|js|mjs)$/;

/** Libraries the engine may not import (and their subpaths). */
const UI_LIBRARIES = ['react', 'react-dom', 'd3', 'xstate', '@xstate/react', 'zustand'];

/** Libraries confined to one UI folder (STYLE.md). */
const CONFINED = [
  { test: (s) => s === 'd3' || s.startsWith('d3/') || s.startsWith('d3-'), name: 'd3', folder: 'src/ui/topology/' },
  { test: (s) => s === 'xstate' || s.startsWith('xstate/') || s.startsWith('@xstate/'), name: 'xstate', folder: 'src/ui/player/' },
  { test: (s) => s === 'zustand' || s.startsWith('zustand/'), name: 'zustand', folder: 'src/ui/store/' },
];

/**
 * Engine layers (STYLE.md: api <- manifest <- cluster; net <- proxy <- dataplane; shell and
 * scenario on top). A folder may import folders of a lower rank only. cluster may use net
 * (CIDR helpers for IP allocation); proxy, dns and dataplane read cluster state.
 * rand.ts is a leaf every layer may use; index.ts and session.ts wire everything together.
 * Folders not listed here are checked for cycles only.
 */
const LAYER_RANK = {
  api: 1,
  manifest: 2,
  net: 2,
  cluster: 3,
  proxy: 4,
  dns: 4,
  'pod-env': 4,
  dataplane: 5,
  shell: 6,
  scenario: 6,
  lab: 6, // the kernel lab: reads the data plane's networks and tables
};
const TOP_RANK = 6; // shell and scenario may import each other, as long as no cycle forms
const ROOT_FILE_RANK = { 'rand.ts': 0, 'session.ts': 7, 'index.ts': 8 };

const PURITY_RULES = [
  { re: /(?<![\w$.])Math\s*\.\s*random\b/g, message: 'the engine draws randomness from the Rand passed in, not Math.random' },
  { re: /(?<![\w$.])Date\s*\.\s*now\s*\(/g, message: 'the engine reads time from the simulated clock, not Date.now()' },
  { re: /(?<![\w$.])new\s+Date\s*(\(\s*\)|(?!\s*\())/g, message: 'the engine reads time from the simulated clock, not an argument-less new Date()' },
  { re: /(?<![\w$.])(setTimeout|setInterval|setImmediate|requestAnimationFrame)\s*\(/g, message: 'the engine uses no timers' },
  { re: /(?<![\w$.])(window|document)\s*\./g, message: 'the engine does not touch the DOM' },
];

/**
 * Source text with comments blanked (`code`) and, in addition, string and template contents
 * blanked (`bare`); both keep every offset and newline, so line numbers stay true.
 */
export function blank(src) {
  const code = src.split('');
  const bare = src.split('');
  const n = src.length;
  let i = 0;
  let prev = ''; // last significant character outside comments/strings, to tell a regex from a division
  const templateDepth = []; // brace depth at each open `${`
  let braces = 0;
  const wipe = (arr, from, to) => {
    for (let k = from; k < to; k++) if (arr[k] !== '\n') arr[k] = ' ';
  };
  const regexCanStart = () => prev === '' || /[(,=:[!&|?{};+\-*%<>~^]/.test(prev) || /\b(return|typeof|case|in|of|void|delete|throw|new)$/.test(src.slice(Math.max(0, i - 8), i).trimEnd());
  const scanTemplate = () => {
    // i is just past a backtick or a closing `}` of `${`
    const start = i;
    while (i < n) {
      if (src[i] === '\\') { i += 2; continue; }
      if (src[i] === '`') { wipe(bare, start, i); i++; prev = '`'; return; }
      if (src[i] === '$' && src[i + 1] === '{') { wipe(bare, start, i); i += 2; templateDepth.push(braces); braces++; prev = '{'; return; }
      i++;
    }
    wipe(bare, start, i);
  };
  while (i < n) {
    const c = src[i];
    const d = src[i + 1];
    if (c === '/' && d === '/') {
      const end = src.indexOf('\n', i);
      const stop = end === -1 ? n : end;
      wipe(code, i, stop); wipe(bare, i, stop); i = stop;
    } else if (c === '/' && d === '*') {
      const end = src.indexOf('*/', i + 2);
      const stop = end === -1 ? n : end + 2;
      wipe(code, i, stop); wipe(bare, i, stop); i = stop;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < n && src[j] !== c && src[j] !== '\n') j += src[j] === '\\' ? 2 : 1;
      wipe(bare, i + 1, j); i = j + 1; prev = c;
    } else if (c === '`') {
      i++; scanTemplate();
    } else if (c === '/' && regexCanStart()) {
      let j = i + 1;
      let inClass = false;
      while (j < n && src[j] !== '\n') {
        if (src[j] === '\\') { j += 2; continue; }
        if (src[j] === '[') inClass = true;
        else if (src[j] === ']') inClass = false;
        else if (src[j] === '/' && !inClass) break;
        j++;
      }
      wipe(bare, i + 1, j); i = j + 1; prev = '/';
    } else {
      if (c === '{') braces++;
      if (c === '}') {
        braces--;
        if (templateDepth.length && templateDepth[templateDepth.length - 1] === braces) {
          templateDepth.pop(); i++; scanTemplate(); continue;
        }
      }
      if (!/\s/.test(c)) prev = c;
      i++;
    }
  }
  return { code: code.join(''), bare: bare.join('') };
}

/** Every module specifier a file names: static and dynamic imports, re-exports, require(). */
export function findImports(code) {
  const out = [];
  const patterns = [
    /(?<![\w$.])import\s+(?:type\s+)?[\w$*{}\s,]*?\s*from\s*(['"])([^'"\n]+)\1/g,
    /(?<![\w$.])import\s*(['"])([^'"\n]+)\1/g,
    /(?<![\w$.])export\s+(?:type\s+)?(?:\*(?:\s+as\s+[\w$]+)?|\{[^}]*\})\s*from\s*(['"])([^'"\n]+)\1/g,
    /(?<![\w$.])(?:import|require)\s*\(\s*(['"])([^'"\n]+)\1\s*\)/g,
  ];
  for (const re of patterns) {
    for (const m of code.matchAll(re)) {
      const at = m.index + m[0].lastIndexOf(m[2]);
      out.push({ specifier: m[2], index: at });
    }
  }
  return out.sort((a, b) => a.index - b.index);
}

function lineAt(text, index) {
  let line = 1;
  for (let k = 0; k < index; k++) if (text.charCodeAt(k) === 10) line++;
  return line;
}

function walk(dir, files = []) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return files;
  }
  for (const name of entries.sort()) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) walk(full, files);
    else if (SOURCE_EXT.test(name) && !name.endsWith('.d.ts')) files.push(full);
  }
  return files;
}

const NODE_BUILTINS = new Set(builtinModules.filter((m) => !m.startsWith('_')));
const isNodeBuiltin = (s) => s.startsWith('node:') || NODE_BUILTINS.has(s) || NODE_BUILTINS.has(s.split('/')[0]);
const isPackage = (s, pkg) => s === pkg || s.startsWith(pkg + '/');

/** Where a relative specifier points, as a repository path with forward slashes. */
function target(fromRel, specifier) {
  if (!specifier.startsWith('.')) return undefined;
  return join(dirname(fromRel), specifier).split(sep).join('/');
}

/** The engine layer a repository path belongs to: a folder name or a root file name. */
function engineUnit(rel) {
  if (!rel.startsWith('src/engine/')) return undefined;
  const rest = rel.slice('src/engine/'.length);
  const slash = rest.indexOf('/');
  return slash === -1 ? rest : rest.slice(0, slash);
}

function rankOf(unit) {
  if (unit in LAYER_RANK) return LAYER_RANK[unit];
  if (unit in ROOT_FILE_RANK) return ROOT_FILE_RANK[unit];
  return undefined;
}

function stripExt(p) {
  return p.replace(/\.(ts|tsx|mts|js|mjs)$/, '');
}

/** All violations under `root`, sorted by file and line. */
export function checkBoundaries(root) {
  const violations = [];
  const report = (file, line, message) => violations.push({ file, line, message });
  const folderEdges = new Map(); // "from->to" -> first {file, line}

  for (const full of walk(join(root, 'src'))) {
    const rel = relative(root, full).split(sep).join('/');
    const src = readFileSync(full, 'utf8');
    const { code, bare } = blank(src);
    const isTest = TEST_FILE.test(rel);
    const inEngine = rel.startsWith('src/engine/');
    const inUi = rel.startsWith('src/ui/');
    const inCli = rel.startsWith('src/cli/');

    for (const { specifier, index } of findImports(code)) {
      const line = lineAt(code, index);
      const to = target(rel, specifier);

      for (const rule of CONFINED) {
        if (rule.test(specifier) && !rel.startsWith(rule.folder)) {
          report(rel, line, `${rule.name} is imported only in ${rule.folder}`);
        }
      }

      if (inEngine) {
        const lib = UI_LIBRARIES.find((p) => isPackage(specifier, p)) ?? (specifier.startsWith('d3-') ? specifier : undefined);
        if (lib) report(rel, line, `the engine imports no UI library ('${specifier}')`);
        // Node built-ins are a purity matter: a test beside engine code may read fixtures with fs.
        if (!isTest && isNodeBuiltin(specifier)) report(rel, line, `the engine imports no Node built-in ('${specifier}')`);
        if (to && (to === 'src/ui' || to.startsWith('src/ui/') || to === 'src/cli' || to.startsWith('src/cli/'))) {
          report(rel, line, `the engine imports nothing from ${to.startsWith('src/ui') ? 'src/ui' : 'src/cli'} ('${specifier}')`);
        }
        const fromUnit = engineUnit(rel);
        const toUnit = to ? engineUnit(to) : undefined;
        if (!isTest && toUnit && fromUnit && toUnit !== fromUnit) {
          const key = `${fromUnit}->${toUnit}`;
          if (!folderEdges.has(key)) folderEdges.set(key, { file: rel, line });
          const fromRank = rankOf(fromUnit);
          const toRank = rankOf(toUnit);
          if (fromRank !== undefined && toRank !== undefined && toRank >= fromRank && !(toRank === TOP_RANK && fromRank === TOP_RANK)) {
            report(rel, line, `engine layer ${fromUnit} may not import ${toUnit} (layers: api <- manifest <- cluster; net <- proxy <- dataplane; shell and scenario on top)`);
          }
        }
      }

      if ((inUi || inCli) && to && (to === 'src/engine' || to.startsWith('src/engine/'))) {
        if (to !== 'src/engine' && stripExt(to) !== 'src/engine/index') {
          report(rel, line, `${inUi ? 'src/ui' : 'src/cli'} reaches the engine only through src/engine/index.ts ('${specifier}')`);
        }
      }
    }

    if (inEngine && !isTest) {
      for (const rule of PURITY_RULES) {
        for (const m of bare.matchAll(rule.re)) report(rel, lineAt(bare, m.index), `${rule.message} ('${m[0].trim()}')`);
      }
    }
  }

  for (const cycle of folderCycles(folderEdges)) {
    const closing = folderEdges.get(`${cycle[cycle.length - 2]}->${cycle[cycle.length - 1]}`);
    report(closing.file, closing.line, `import cycle between engine folders: ${cycle.join(' -> ')}`);
  }

  return violations.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
}

/** One cycle per strongly connected group of engine folders, as a path that ends where it starts. */
function folderCycles(edges) {
  const next = new Map();
  for (const key of edges.keys()) {
    const [from, to] = key.split('->');
    if (!next.has(from)) next.set(from, []);
    next.get(from).push(to);
  }
  const cycles = [];
  const seen = new Set();
  for (const start of [...next.keys()].sort()) {
    if (seen.has(start)) continue;
    // depth-first search for a path back to start
    const stack = [[start, [start]]];
    const visited = new Set();
    let found;
    while (stack.length && !found) {
      const [node, path] = stack.pop();
      for (const to of (next.get(node) ?? []).slice().sort()) {
        if (to === start) { found = [...path, start]; break; }
        if (!visited.has(to)) { visited.add(to); stack.push([to, [...path, to]]); }
      }
    }
    if (found) {
      cycles.push(found);
      for (const f of found) seen.add(f);
    }
  }
  return cycles;
}

function main() {
  const here = dirname(fileURLToPath(import.meta.url));
  const root = resolve(process.argv[2] ?? join(here, '..'));
  const violations = checkBoundaries(root);
  for (const v of violations) console.log(`${v.file}:${v.line}: ${v.message}`);
  if (violations.length) {
    console.log(`check-boundaries: ${violations.length} violation${violations.length === 1 ? '' : 's'}`);
    process.exit(1);
  }
  console.log('check-boundaries: no violations');
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
