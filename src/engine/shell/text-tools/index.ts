/** The text filters a host's shell has for pipelines (GNU grep and coreutils, as on Ubuntu 24.04). */
import type { CommandOutput, ShellContext } from '../context.ts';
import { awk } from './awk.ts';
import { cut } from './cut.ts';
import { grep } from './grep.ts';
import { head } from './head.ts';
import { tail } from './tail.ts';
import { sed } from './sed.ts';
import { seq } from './seq.ts';
import { sort } from './sort.ts';
import { tr } from './tr.ts';
import { uniq } from './uniq.ts';
import { wc } from './wc.ts';

export const TEXT_TOOLS: Record<string, (args: readonly string[], ctx: ShellContext) => CommandOutput> = {
  grep,
  egrep: (args, ctx) => grep(['-E', ...args], ctx),
  fgrep: (args, ctx) => grep(['-F', ...args], ctx),
  awk,
  cut,
  head,
  tail,
  wc,
  sed,
  seq,
  sort,
  tr,
  uniq,
};
