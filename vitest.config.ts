import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// Unit tests: pure modules and extension pages in happy-dom, with WXT's fake
// browser API and an in-memory IndexedDB. Real-browser tests live in
// tests/browser and are run by tests/run-all.ts, not by vitest.
export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    environment: 'happy-dom',
    include: ['tests/unit/**/*.test.{ts,tsx}'],
    setupFiles: ['tests/unit/support/setup.ts'],
    restoreMocks: true,
  },
});
