/** The lab pod server's source (whoami.mjs beside this file), for the lab script's heredoc. */
import { readFileSync } from 'node:fs';

export const WHOAMI_PATH = new URL('./whoami.mjs', import.meta.url);
export const WHOAMI_PROGRAM = readFileSync(WHOAMI_PATH, 'utf8');
