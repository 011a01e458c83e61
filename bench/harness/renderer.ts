import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The built renderer the browser scenarios serve: dist/renderer, or `BENCH_RENDERER_DIR` when set (a
 * build of one's own, e.g. `npx vite build --config renderer/vite.config.ts --outDir /tmp/r`, so
 * parallel bench runs on one checkout do not serve each other's half-rebuilt bundle).
 */
export function benchRendererDir(root: string): string {
  return process.env.BENCH_RENDERER_DIR ?? join(root, 'dist', 'renderer');
}

/** Builds dist/renderer (npm run build:renderer) when it is missing; bounded to 5 minutes. */
export async function ensureRendererBuilt(root: string, log: (m: string) => void): Promise<void> {
  if (existsSync(join(benchRendererDir(root), 'index.html'))) return;
  if (process.env.BENCH_RENDERER_DIR) throw new Error(`BENCH_RENDERER_DIR has no index.html`);
  log('dist/renderer is missing: npm run build:renderer …');
  await new Promise<void>((resolve, reject) => {
    const child = spawn('npm', ['run', 'build:renderer'], {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const timer = setTimeout(() => child.kill('SIGTERM'), 5 * 60_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`npm run build:renderer exited with ${code}`));
    });
  });
}
