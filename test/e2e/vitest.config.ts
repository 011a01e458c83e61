import { defineConfig } from 'vitest/config';
import { sharedAlias } from '../../vite.shared.ts';

// End-to-end tests: real Chromium (Debian's) driven by playwright-core against the browser host.
export default defineConfig({
  resolve: { alias: sharedAlias },
  test: {
    name: 'e2e',
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    globals: true,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // One Chromium and one host at a time: this machine has two cores.
    fileParallelism: false,
  },
});
