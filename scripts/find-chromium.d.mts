/** Types for find-chromium.mjs, which playwright.config.ts imports. */
export declare const INSTALL_HINT: string;
export interface FoundChromium {
  path: string;
  source: 'CHROMIUM_PATH' | 'system' | 'playwright';
}
export declare function findChromium(env?: Record<string, string | undefined>): FoundChromium | undefined;
