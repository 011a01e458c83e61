import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { sharedAlias } from '../vite.shared.ts';

// The renderer bundle: loaded from file:// by Electron and from the browser host over HTTP, hence
// relative asset paths (base './'). `import.meta.dirname` keeps node:* imports out of renderer/.
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react()],
  resolve: { alias: sharedAlias },
  build: {
    // Resolved against root: <repo>/dist/renderer.
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    // antd is ~675 kB minified (220 kB gzip) even split out; loaded from disk, that is acceptable.
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      output: {
        // Vendor chunks change less often than app code; antd alone is most of the weight.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 30 },
            {
              name: 'antd',
              test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+)[\\/]/,
              priority: 20,
            },
            { name: 'vendor', test: /node_modules[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
});
