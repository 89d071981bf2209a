/** The `svcsim` command (bin/svcsim.mjs loads this through tsx). */
import { parseArgs } from './args.ts';
import { nodeIO } from './node-io.ts';
import { runCli, type SessionFactory } from './run.ts';

const argv = process.argv.slice(2);
const parsed = parseArgs(argv);

// The engine loads only when lines run, so --help, usage errors and `scenarios` answer at once.
let makeSession: SessionFactory = () => {
  throw new Error('svcsim: the engine is not loaded for this command');
};
if (parsed.ok && (parsed.options.command === 'run' || parsed.options.command === 'trace')) {
  makeSession = (await import('../engine/index.ts')).createSession;
}

// exitCode rather than process.exit(), so piped output is flushed before the process ends.
process.exitCode = runCli(argv, nodeIO(), makeSession);
