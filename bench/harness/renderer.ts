import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Builds dist/renderer (npm run build:renderer) when it is missing; bounded to 5 minutes. */
export async function ensureRendererBuilt(root: string, log: (m: string) => void): Promise<void> {
  if (existsSync(join(root, 'dist', 'renderer', 'index.html'))) return;
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
