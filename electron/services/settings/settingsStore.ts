import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';

/**
 * The device's settings file (`<userData>/settings.json`). Defaults are the protective choice, and a
 * file that does not parse falls back to them as a whole: a damaged file can never switch a
 * protection off. Unknown keys are dropped (a newer version's file still loads).
 */
export const Settings = z.object({
  /** Keep the window out of screenshots and screen sharing (BrowserWindow.setContentProtection). */
  contentProtection: z.boolean().default(true),
  /**
   * Accept Linux's `basic_text` safeStorage backend (a password built into Chromium protects the keys).
   * Deliberately not in the renderer's contract: only someone editing this file can turn it on.
   */
  allowBasicTextKeyStore: z.boolean().default(false),
});
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = Settings.parse({});

export interface SettingsStore {
  get(): Settings;
  /** Validates, writes (atomically) and only then applies and notifies. */
  update(patch: Partial<Settings>): Promise<Settings>;
  subscribe(listener: (settings: Settings) => void): () => void;
}

export interface LoadSettingsOptions {
  filePath: string;
  /** Told (without the file's contents) when the file was unreadable and defaults were used. */
  onProblem?: (message: string) => void;
}

/** Reads `filePath` (defaults when it does not exist yet) into a store that writes changes back to it. */
export async function loadSettingsStore(options: LoadSettingsOptions): Promise<SettingsStore> {
  return createSettingsStore({
    initial: await readSettings(options.filePath, options.onProblem),
    filePath: options.filePath,
  });
}

/** A store over known settings; without a file it keeps changes in memory (tests, the browser host). */
export function createSettingsStore(
  options: { initial?: Partial<Settings>; filePath?: string } = {},
): SettingsStore {
  const filePath = options.filePath ?? null;
  let current = Settings.parse(options.initial ?? {});
  const listeners = new Set<(settings: Settings) => void>();
  let queue: Promise<unknown> = Promise.resolve();

  return {
    get: () => ({ ...current }),
    update(patch) {
      const run = queue.then(async () => {
        const next = Settings.parse({ ...current, ...patch });
        if (filePath) await writeSettings(filePath, next);
        current = next;
        for (const listener of [...listeners]) listener({ ...next });
        return { ...next };
      });
      queue = run.catch(() => undefined);
      return run;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

async function readSettings(filePath: string, onProblem?: (message: string) => void): Promise<Settings> {
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      onProblem?.(`Settings file ${filePath} could not be read (${(err as Error).message}); using defaults.`);
    }
    return { ...DEFAULT_SETTINGS };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    onProblem?.(`Settings file ${filePath} is not valid JSON; using defaults.`);
    return { ...DEFAULT_SETTINGS };
  }
  const parsed = Settings.safeParse(json);
  if (!parsed.success) {
    const paths = parsed.error.issues.map((issue) => issue.path.join('.') || '(root)').join(', ');
    onProblem?.(`Settings file ${filePath} has invalid values (${paths}); using defaults.`);
    return { ...DEFAULT_SETTINGS };
  }
  return parsed.data;
}

async function writeSettings(filePath: string, settings: Settings): Promise<void> {
  await mkdir(dirname(filePath), { recursive: true, mode: 0o700 });
  const temp = `${filePath}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, JSON.stringify(settings, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
    await rename(temp, filePath);
  } finally {
    await rm(temp, { force: true });
  }
}
