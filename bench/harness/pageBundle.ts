import { build } from 'esbuild';
import { join } from 'node:path';

/**
 * A scenario's page-side module (bench/scenarios/<name>Page.ts) with the renderer code it imports,
 * bundled as the app's build would (the `@shared` alias too), as one script for `page.evaluate`.
 */
export async function bundlePageScript(root: string, entry: string): Promise<string> {
  const out = await build({
    entryPoints: [join(root, 'bench', 'scenarios', entry)],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [
      {
        name: 'shared-alias',
        setup(b) {
          b.onResolve({ filter: /^@shared\// }, (args) => ({
            path: join(root, 'shared', args.path.slice('@shared/'.length)),
          }));
        },
      },
    ],
  });
  return out.outputFiles[0]!.text;
}
