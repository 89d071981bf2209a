/** What every kernel test file does around its labs: skip where it cannot run, and leave nothing behind. */
import { describe, it } from 'vitest';
import { tmpdir } from 'node:os';
import { labDown, labNamespaces } from '../src/cli/lab/runner.ts';

/** Fails the file if any namespace with the run's prefix outlived it (and removes them). */
export function assertNothingLeft(prefix: string): void {
  const left = labNamespaces(prefix);
  if (left.length) {
    labDown(tmpdir(), prefix);
    throw new Error(`lab namespaces were left behind: ${left.join(', ')}`);
  }
}

/** A skipped block that says why, in the test report and on the console; true when skipped. */
export function skipped(what: string, reason: string | undefined): boolean {
  if (!reason) return false;
  console.log(`kernel suite, ${what}: skipped: ${reason}`);
  describe.skip(`kernel: ${what} (${reason})`, () => it('skipped', () => {}));
  return true;
}
