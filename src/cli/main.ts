/** The `svcsim` command (bin/svcsim.mjs loads this through tsx). */
import { parseArgs } from './args.ts';
import { nodeIO } from './node-io.ts';
import { runCli, type SessionFactory } from './run.ts';

async function main(argv: readonly string[]): Promise<number> {
  // `svcsim lab ...` (issue 6): namespaces on this machine, with its own arguments and verbs.
  if (argv[0] === 'lab') return (await import('./lab/main.ts')).labMain(argv.slice(1), nodeIO());

  const parsed = parseArgs(argv);
  // The engine loads only when lines run, so --help, usage errors and `scenarios` answer at once.
  let makeSession: SessionFactory = () => {
    throw new Error('svcsim: the engine is not loaded for this command');
  };
  if (parsed.ok && (parsed.options.command === 'run' || parsed.options.command === 'trace')) {
    makeSession = (await import('../engine/index.ts')).createSession;
  }
  return runCli(argv, nodeIO(), makeSession);
}

// exitCode rather than process.exit(), so piped output is flushed before the process ends.
process.exitCode = await main(process.argv.slice(2));
