import { defineConfig } from 'vitest/config';

// The kernel suite (issue 6): real namespaces and netfilter, one case at a time.
export default defineConfig({
  test: {
    include: ['kernel/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
