/**
 * The Electron main process: one hardened window, the contract over IPC, and the services behind it.
 * Only this file and preload.ts import 'electron'; everything they wire together is plain Node and
 * tested under Vitest.
 */
import { app, BrowserWindow, dialog, ipcMain, safeStorage, session } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createAppUrlCheck } from './ipc/appUrl.ts';
import { registerIpc } from './ipc/registerIpc.ts';
import { logUnexpectedError } from './services/dispatchApiCall.ts';
import { KeyStoreError } from './services/keyStore/keyStore.ts';
import { createSafeStorageKeyStore } from './services/keyStore/safeStorageKeyStore.ts';
import { createMainServices } from './services/mainServices.ts';
import type { SettingsStore } from './services/settings/settingsStore.ts';
import { loadSettingsStore } from './services/settings/settingsStore.ts';
import { createVault } from './services/vault/vault.ts';
import { createRequestPolicy } from './window/allowedRequests.ts';
import { bindContentProtection } from './window/contentProtection.ts';
import { contentSecurityPolicy } from './window/contentSecurityPolicy.ts';

const here = dirname(fileURLToPath(import.meta.url));
const rendererDir = join(here, '..', 'renderer');
const serverUrl = process.env.CAREDESK_SERVER_URL ?? 'http://127.0.0.1:4700';
// A dev server is honoured only in an unpackaged build: a shipped app never loads pages from a URL.
const devServerUrl = app.isPackaged ? undefined : process.env.CAREDESK_RENDERER_URL;
const devServerOrigin = devServerUrl ? new URL(devServerUrl).origin : undefined;
const appUrl = devServerUrl ?? pathToFileURL(join(rendererDir, 'index.html')).href;
const isAppUrl = createAppUrlCheck(appUrl);
const isAllowedRequest = createRequestPolicy({ rendererDir, devServerOrigin });
const csp = contentSecurityPolicy({ devServerOrigin });

app.enableSandbox();
if (!app.requestSingleInstanceLock()) app.quit();

let mainWindow: BrowserWindow | null = null;

function createWindow(settings: SettingsStore): BrowserWindow {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'CareDesk',
    backgroundColor: '#f5f5f5',
    webPreferences: {
      preload: join(here, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: !app.isPackaged,
    },
  });
  // Before the first paint: customer data is never capturable, not even for a frame.
  const unbindProtection = bindContentProtection(window, settings);
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    unbindProtection();
    if (mainWindow === window) mainWindow = null;
  });
  void window.loadURL(appUrl);
  return window;
}

// Every web contents, present or future: no pop-ups, no navigation away, no <webview>.
app.on('web-contents-created', (_event, contents) => {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

app.on('second-instance', () => {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
});

async function start(): Promise<void> {
  // One settings file for the device: content protection (the renderer may change it) and the
  // basic_text key store override (only by editing the file: "allowBasicTextKeyStore": true).
  const settings = await loadSettingsStore({
    filePath: join(app.getPath('userData'), 'settings.json'),
    onProblem: (message) => console.warn(`[caredesk] ${message}`),
  });
  const keyStore = createSafeStorageKeyStore({
    safeStorage,
    filePath: join(app.getPath('userData'), 'data-key.bin'),
    allowBasicText: settings.get().allowBasicTextKeyStore,
  });
  // Open the vault before any window: like Signal, refuse to run on a key store we cannot trust
  // rather than discover it at the first sync.
  const vault = createVault(keyStore);
  try {
    await vault;
  } catch (err) {
    const detail = err instanceof KeyStoreError ? err.message : String(err);
    dialog.showErrorBox('CareDesk cannot protect customer data on this computer', detail);
    app.exit(1);
    return;
  }

  const defaultSession = session.defaultSession;
  defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  defaultSession.setPermissionCheckHandler(() => false);
  defaultSession.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedRequest(details.url) });
  });
  // Set as a header (file:// pages get one too); the renderer's index.html should also carry it as a meta tag.
  defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });

  const services = createMainServices({
    serverUrl,
    keyStore,
    vault,
    settings,
    host: 'electron',
    version: app.getVersion(),
  });
  registerIpc({
    ipcMain,
    handlers: services.handlers,
    events: services.events,
    isAppUrl,
    target: () => mainWindow?.webContents ?? null,
    onUnexpectedError: logUnexpectedError,
  });

  let disposed = false;
  app.on('before-quit', (event) => {
    if (disposed) return;
    // Revoke the refresh token on the way out, but never let an unreachable server hold up quitting.
    event.preventDefault();
    disposed = true;
    void Promise.race([services.dispose(), new Promise((resolve) => setTimeout(resolve, 2_000))]).finally(
      () => app.quit(),
    );
  });

  mainWindow = createWindow(settings);
  app.on('activate', () => {
    if (!mainWindow) mainWindow = createWindow(settings);
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.whenReady().then(start, (err: unknown) => {
  console.error('[caredesk] Electron failed to start', err);
  app.exit(1);
});
