#!/usr/bin/env node
/**
 * `npm start` (after `npm run build`): runs the demo sync server and the Electron app against it.
 * When Electron cannot be obtained (its binary is downloaded on first use, which some machines
 * cannot do), it says so in one line, points at `npm run start:web`, and exits 1.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const serverUrl = process.env.CAREDESK_SERVER_URL ?? 'http://127.0.0.1:4700';
const PROBE_TIMEOUT_MS = 30_000;
const HEALTH_TIMEOUT_MS = 90_000;

/** @type {import('node:child_process').ChildProcess | null} */
let server = null;
/** @type {import('node:child_process').ChildProcess | null} */
let electron = null;

async function healthy() {
  try {
    const res = await fetch(`${serverUrl}/healthz`, { signal: AbortSignal.timeout(1_000) });
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * Starts `tsx server/src/cli.ts --demo` on the port of CAREDESK_SERVER_URL and waits for /healthz.
 * Run as `node --import tsx …` rather than through npx, so the server is one process we can stop.
 * A server already answering there (say from `npm run server`) is used as it is.
 */
async function startServer() {
  if (await healthy()) return;
  const { hostname, port } = new URL(serverUrl);
  server = spawn(
    process.execPath,
    ['--import', 'tsx', 'server/src/cli.ts', '--demo', '--host', hostname, '--port', port || '80'],
    { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const exited = new Promise((resolve) => server?.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const code = await Promise.race([
      exited,
      new Promise((resolve) => setTimeout(() => resolve(undefined), 300)),
    ]);
    if (code !== undefined) throw new Error(`the sync server exited (code ${code}) before it was ready`);
    if (await healthy()) return;
  }
  throw new Error(`the sync server did not answer ${serverUrl}/healthz within ${HEALTH_TIMEOUT_MS / 1000} s`);
}

/**
 * `require('electron')` returns the binary's path, downloading it first if it is missing — which can
 * hang or fail offline. So it runs in a child with a timeout, and the reason is reduced to one line.
 * @returns {Promise<{ path: string } | { reason: string }>}
 */
function resolveElectron() {
  return new Promise((resolve) => {
    const probe = spawn(
      process.execPath,
      ['-e', "process.stdout.write('\\nCAREDESK_ELECTRON_PATH=' + require('electron') + '\\n')"],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], timeout: PROBE_TIMEOUT_MS },
    );
    let out = '';
    let err = '';
    probe.stdout.on('data', (chunk) => (out += chunk));
    probe.stderr.on('data', (chunk) => (err += chunk));
    probe.on('error', (error) => resolve({ reason: error.message }));
    probe.on('close', (code, signal) => {
      const path = /CAREDESK_ELECTRON_PATH=(.+)/.exec(out)?.[1]?.trim();
      if (code === 0 && path) {
        resolve(existsSync(path) ? { path } : { reason: `no binary at ${path}` });
      } else if (signal) {
        resolve({
          reason: `resolving the binary timed out after ${PROBE_TIMEOUT_MS / 1000} s; its download is probably blocked`,
        });
      } else {
        const lines = `${err}\n${out}`.split('\n').map((line) => line.trim());
        const error = lines.find((line) => /^\w*Error:/.test(line)) ?? lines.filter(Boolean).at(-1);
        const cause = (error ?? `exit code ${code}`).replace(/^\w*Error:\s*/, '').slice(0, 200);
        const downloading = out.includes('Downloading Electron binary');
        resolve({
          reason: downloading ? `its binary is not installed and downloading it failed: ${cause}` : cause,
        });
      }
    });
  });
}

function stop(child, timeoutMs = 5_000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function shutdown(code) {
  await stop(electron);
  await stop(server);
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void shutdown(130));

const [serverResult, electronResult] = await Promise.allSettled([startServer(), resolveElectron()]);
const resolved =
  electronResult.status === 'fulfilled' ? electronResult.value : { reason: String(electronResult.reason) };
if ('reason' in resolved) {
  // Without Electron the server is of no use here: stop it first, then the one line that says what to do.
  await stop(server);
  console.error(
    `Electron could not be obtained on this machine (${resolved.reason}); run \`npm run start:web\` to use CareDesk in your browser.`,
  );
  process.exit(1);
}
if (serverResult.status === 'rejected') {
  const reason =
    serverResult.reason instanceof Error ? serverResult.reason.message : String(serverResult.reason);
  console.error(`CareDesk could not start: ${reason}.`);
  await shutdown(1);
}
electron = spawn(resolved.path, [join(root, 'dist', 'electron', 'main.js')], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, CAREDESK_SERVER_URL: serverUrl },
});
electron.on('exit', (code) => void shutdown(code ?? 0));
