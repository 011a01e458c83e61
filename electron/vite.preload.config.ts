import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { sharedAlias } from '../vite.shared.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * The preload as a single CommonJS file (dist/electron/preload.cjs): a sandboxed preload cannot load
 * ES modules or anything but 'electron' and a few shims, so zod and the contract are inlined.
 */
export default defineConfig({
  root,
  resolve: { alias: sharedAlias },
  build: {
    outDir: 'dist/electron',
    // The main build has just written main.js here.
    emptyOutDir: false,
    target: 'chrome140',
    minify: false,
    sourcemap: false,
    lib: {
      entry: 'electron/preload.ts',
      formats: ['cjs'],
      fileName: () => 'preload.cjs',
    },
    rolldownOptions: {
      external: ['electron'],
      output: { codeSplitting: false },
    },
  },
});
