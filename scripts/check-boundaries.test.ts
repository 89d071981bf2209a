import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const script = join(dirname(fileURLToPath(import.meta.url)), 'check-boundaries.mjs');

/** A fixture repository: one file per violation kind, plus files that must pass. */
const files: Record<string, string> = {
  // --- clean files: nothing to report
  'src/engine/rand.ts': 'export const r = 1;\n',
  'src/engine/index.ts': "export { createSession } from './session.ts';\n",
  'src/engine/session.ts': "import { r } from './rand.ts';\nimport type { Pod } from './api/core.ts';\nexport const createSession = () => r;\n",
  'src/engine/api/core.ts': "// never Math.random() or Date.now() here\nexport type Pod = { at: string };\nexport const d = new Date(0);\nexport const s = 'window.title: Math.random()';\nexport const t = `document.body ${'setTimeout('}`;\nexport const re = /window\\./;\n",
  'src/engine/cluster/alloc.ts': "import type { Pod } from '../api/core.ts';\nimport { cidr } from '../net/cidr.ts';\nexport const a = cidr;\n",
  'src/engine/net/cidr.ts': 'export const cidr = 1;\n',
  'src/engine/cluster/alloc.test.ts': "import { readFileSync } from 'node:fs';\nimport { x } from '../shell/run.ts';\nexport const seed = Math.random() + Date.now();\n",
  'src/ui/app/App.tsx': "import { createSession } from '../../engine/index.ts';\nimport type { Pod } from '../../engine';\nexport const App = () => createSession;\n",
  'src/ui/store/store.ts': "import { create } from 'zustand';\nexport const s = create;\n",
  'src/ui/topology/renderer.ts': "import { select } from 'd3';\nexport const sel = select;\n",
  'src/ui/player/machine.ts': "import { setup } from 'xstate';\nexport const m = setup;\n",

  // --- one violation each
  'src/engine/shell/ui-import.ts': "import { App } from '../../ui/app/App.tsx';\nexport const x = App;\n",
  'src/engine/shell/cli-import.ts': "export { main } from '../../cli/main.ts';\n",
  'src/engine/shell/react.ts': "\nimport { useState } from 'react';\nexport const u = useState;\n",
  'src/engine/shell/fs.ts': "import { readFileSync } from 'fs';\nexport const f = readFileSync;\n",
  'src/engine/shell/node-path.ts': "const p = await import('node:path');\nexport default p;\n",
  'src/engine/dns/random.ts': 'export const pick = () => Math.random();\n',
  'src/engine/dns/now.ts': 'export const now = () => Date.now();\n',
  'src/engine/dns/new-date.ts': 'export const today = () => new Date();\n',
  'src/engine/dns/timeout.ts': 'export const later = (f: () => void) => setTimeout(f, 1);\n',
  'src/engine/dns/interval.ts': 'export const tick = (f: () => void) => setInterval(f, 1);\n',
  'src/engine/dns/window.ts': 'export const w = () => window.location;\n',
  'src/engine/dns/document.ts': 'export const t = () => document.title;\n',
  'src/engine/manifest/layer.ts': "import type { X } from '../cluster/alloc.ts';\nexport type Y = X;\n",
  'src/engine/alpha/a.ts': "import { b } from '../beta/b.ts';\nexport const a = b;\n",
  'src/engine/beta/b.ts': "import { a } from '../alpha/a.ts';\nexport const b = a;\n",
  'src/ui/panels/deep.ts': "import type { ClusterReader } from '../../engine/cluster/types.ts';\nexport type R = ClusterReader;\n",
  'src/ui/panels/deep.test.ts': "import { Rand } from '../../engine/rand.ts';\nexport const r = Rand;\n",
  'src/cli/main.ts': "import { run } from '../engine/shell/run.ts';\nexport const main = run;\n",
  'src/ui/panels/chart.ts': "import { select } from 'd3';\nexport const c = select;\n",
  'src/ui/panels/flow.ts': "import { createMachine } from 'xstate';\nexport const f = createMachine;\n",
  'src/ui/app/state.ts': "import { create } from 'zustand';\nexport const s = create;\n",
};

const layers = '(layers: api <- manifest <- cluster; net <- proxy <- dataplane; shell and scenario on top)';
const expected = [
  'src/cli/main.ts:1: src/cli reaches the engine only through src/engine/index.ts (\'../engine/shell/run.ts\')',
  'src/engine/beta/b.ts:1: import cycle between engine folders: alpha -> beta -> alpha',
  "src/engine/dns/document.ts:1: the engine does not touch the DOM ('document.')",
  "src/engine/dns/interval.ts:1: the engine uses no timers ('setInterval(')",
  "src/engine/dns/new-date.ts:1: the engine reads time from the simulated clock, not an argument-less new Date() ('new Date()')",
  "src/engine/dns/now.ts:1: the engine reads time from the simulated clock, not Date.now() ('Date.now(')",
  "src/engine/dns/random.ts:1: the engine draws randomness from the Rand passed in, not Math.random ('Math.random')",
  "src/engine/dns/timeout.ts:1: the engine uses no timers ('setTimeout(')",
  "src/engine/dns/window.ts:1: the engine does not touch the DOM ('window.')",
  `src/engine/manifest/layer.ts:1: engine layer manifest may not import cluster ${layers}`,
  "src/engine/shell/cli-import.ts:1: the engine imports nothing from src/cli ('../../cli/main.ts')",
  "src/engine/shell/fs.ts:1: the engine imports no Node built-in ('fs')",
  "src/engine/shell/node-path.ts:1: the engine imports no Node built-in ('node:path')",
  "src/engine/shell/react.ts:2: the engine imports no UI library ('react')",
  "src/engine/shell/ui-import.ts:1: the engine imports nothing from src/ui ('../../ui/app/App.tsx')",
  'src/ui/app/state.ts:1: zustand is imported only in src/ui/store/',
  'src/ui/panels/chart.ts:1: d3 is imported only in src/ui/topology/',
  "src/ui/panels/deep.test.ts:1: src/ui reaches the engine only through src/engine/index.ts ('../../engine/rand.ts')",
  "src/ui/panels/deep.ts:1: src/ui reaches the engine only through src/engine/index.ts ('../../engine/cluster/types.ts')",
  'src/ui/panels/flow.ts:1: xstate is imported only in src/ui/player/',
];

let root = '';

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'svcsim-boundaries-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

function lint(dir: string) {
  const r = spawnSync(process.execPath, [script, dir], { encoding: 'utf8' });
  return { status: r.status, lines: r.stdout.trim().split('\n') };
}

describe('check-boundaries', () => {
  it('prints every violation of the fixture tree as file:line: message and exits 1', () => {
    const { status, lines } = lint(root);
    expect(lines).toEqual([...expected, `check-boundaries: ${expected.length} violations`]);
    expect(status).toBe(1);
  });

  it('passes a tree with no violations, including comments, strings and test files that mention forbidden names', () => {
    const clean = mkdtempSync(join(tmpdir(), 'svcsim-boundaries-clean-'));
    try {
      for (const path of [
        'src/engine/rand.ts', 'src/engine/index.ts', 'src/engine/session.ts', 'src/engine/api/core.ts',
        'src/engine/cluster/alloc.ts', 'src/engine/net/cidr.ts', 'src/ui/app/App.tsx', 'src/ui/store/store.ts',
        'src/ui/topology/renderer.ts', 'src/ui/player/machine.ts',
      ]) {
        mkdirSync(dirname(join(clean, path)), { recursive: true });
        writeFileSync(join(clean, path), files[path]);
      }
      // A test beside engine code may use Node and Math.random; it is exempt from the purity rules.
      writeFileSync(join(clean, 'src/engine/cluster/alloc.test.ts'), "import { readFileSync } from 'node:fs';\nexport const seed = Math.random() + Date.now();\n");
      const { status, lines } = lint(clean);
      expect(lines).toEqual(['check-boundaries: no violations']);
      expect(status).toBe(0);
    } finally {
      rmSync(clean, { recursive: true, force: true });
    }
  });
});
