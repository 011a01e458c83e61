/**
 * `npm run start:web`: CareDesk in a browser, for machines where Electron cannot run. Starts the
 * demo sync server in-process (data in .data/web, 2,000 demo tickets on first run) and the host on
 * http://127.0.0.1:4780, then prints the address to open and the demo accounts.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBrowserHost } from './startBrowserHost.ts';

const root = new URL('../../', import.meta.url);
const packageJson = JSON.parse(await readFile(new URL('package.json', root), 'utf8')) as { version: string };
const port = Number(process.env.CAREDESK_WEB_PORT ?? 4780);

const host = await startBrowserHost({
  port,
  rendererDir: fileURLToPath(new URL('dist/renderer', root)),
  embedded: { dataDir: resolve('.data/web'), demoTickets: 2_000 },
  version: packageJson.version,
});

const demo = (await fetch(`${host.serverUrl}/api/demo`).then((r) => r.json())) as {
  accounts: { username: string; password: string; role: string }[];
};
console.log(`\nCareDesk is running in browser mode. Open:\n\n  ${host.url}\n`);
console.log(
  'The #token part is this launch’s key: the page needs it, other sites and programs do not get it.',
);
console.log('Demo accounts:');
for (const account of demo.accounts) {
  console.log(`  ${account.role.padEnd(6)} ${account.username.padEnd(10)} ${account.password}`);
}
console.log('\nPress Ctrl+C to stop.');

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await host.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
