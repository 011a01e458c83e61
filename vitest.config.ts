import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { sharedAlias } from './vite.shared.ts';

// Two projects: pure/Node code (shared, server, electron services, integration) and the renderer in jsdom.
export default defineConfig({
  resolve: { alias: sharedAlias },
  test: {
    projects: [
      {
        resolve: { alias: sharedAlias },
        test: {
          name: 'node',
          environment: 'node',
          globals: true,
          include: [
            'shared/**/*.test.ts',
            'server/**/*.test.ts',
            'electron/**/*.test.ts',
            'test/integration/**/*.test.ts',
            'test/sync/**/*.test.ts',
            'bench/harness/**/*.test.ts',
          ],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        plugins: [react()],
        resolve: { alias: sharedAlias },
        test: {
          name: 'renderer',
          environment: 'jsdom',
          globals: true,
          include: ['renderer/**/*.test.{ts,tsx}'],
          setupFiles: ['renderer/test/setup.ts'],
          testTimeout: 30_000,
        },
      },
    ],
  },
});
