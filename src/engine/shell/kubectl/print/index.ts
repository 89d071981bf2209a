/**
 * kubectl's printers, for the shell's verbs: `get` tables and -o formats, `describe`, and the
 * building blocks (HumanDuration ages, Go's tabwriter) other printers reuse.
 */
export { printGet, ENDPOINTS_DEPRECATION_WARNING } from './get.ts';
export type { PrintOptions, PrintResult, ResourceGroup } from './get.ts';
export { describe } from './describe/index.ts';
export { formatAge, humanDuration } from './duration.ts';
export { tabwriter, formatTabbedText } from './tabwriter.ts';
export { toYaml } from './yaml.ts';
export { marshalIndent, toJsonValue } from './json.ts';
