/** The text filters a host's shell has for pipelines (GNU grep and coreutils, as on Ubuntu 24.04). */
import type { CommandOutput, ShellContext } from '../context.ts';

export const TEXT_TOOLS: Record<string, (args: readonly string[], ctx: ShellContext) => CommandOutput> = {};
