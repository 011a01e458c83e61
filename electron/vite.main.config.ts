import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { sharedAlias } from '../vite.shared.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * The main process as one ESM file (dist/electron/main.js, the package's "main"). Dependencies are
 * bundled so the app does not need node_modules at run time; only electron and Node's builtins stay
 * external.
 */
export default defineConfig({
  root,
  resolve: { alias: sharedAlias },
  ssr: { noExternal: true, external: ['electron'] },
  build: {
    ssr: 'electron/main.ts',
    outDir: 'dist/electron',
    emptyOutDir: true,
    target: 'node22',
    minify: false,
    sourcemap: true,
    rolldownOptions: {
      external: ['electron', ...builtinModules, ...builtinModules.map((name) => `node:${name}`)],
      output: { format: 'es', entryFileNames: 'main.js' },
    },
  },
});
