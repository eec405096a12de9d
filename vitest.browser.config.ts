import { defineConfig } from 'vitest/config';

// Real-browser tests: Node drives the machine's Chromium and Firefox ESR with
// the built extension (.output/), one browser at a time on a small machine.
export default defineConfig({
  resolve: { alias: { '@': import.meta.dirname } },
  test: {
    environment: 'node',
    include: ['tests/browser/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 90_000,
  },
});
