import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSettingsStore, DEFAULT_SETTINGS, loadSettingsStore } from './settingsStore.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'caredesk-settings-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('settings store', () => {
  it('starts from the protective defaults when there is no file', async () => {
    const store = await loadSettingsStore({ filePath: join(dir, 'settings.json') });
    expect(store.get()).toEqual({ contentProtection: true, allowBasicTextKeyStore: false });
    expect(DEFAULT_SETTINGS).toEqual(store.get());
  });

  it('writes changes (owner-only) and reads them back on the next launch', async () => {
    const filePath = join(dir, 'nested', 'settings.json');
    const store = await loadSettingsStore({ filePath });
    await store.update({ contentProtection: false });
    expect(JSON.parse(await readFile(filePath, 'utf8'))).toEqual({
      contentProtection: false,
      allowBasicTextKeyStore: false,
    });
    if (process.platform !== 'win32') expect((await stat(filePath)).mode & 0o777).toBe(0o600);
    expect((await loadSettingsStore({ filePath })).get().contentProtection).toBe(false);
  });

  it('honours the key store override only from the file, and keeps unknown keys out', async () => {
    const filePath = join(dir, 'settings.json');
    await writeFile(filePath, JSON.stringify({ allowBasicTextKeyStore: true, fromTheFuture: 1 }));
    const store = await loadSettingsStore({ filePath });
    expect(store.get()).toEqual({ contentProtection: true, allowBasicTextKeyStore: true });
  });

  it('a damaged or invalid file falls back to the defaults as a whole, and says so without its contents', async () => {
    for (const contents of [
      '{not json',
      JSON.stringify({ contentProtection: 'no', allowBasicTextKeyStore: true }),
    ]) {
      const filePath = join(dir, 'settings.json');
      await writeFile(filePath, contents);
      const problems: string[] = [];
      const store = await loadSettingsStore({ filePath, onProblem: (m) => problems.push(m) });
      expect(store.get()).toEqual(DEFAULT_SETTINGS);
      expect(problems).toHaveLength(1);
      expect(problems[0]).not.toContain('"no"');
    }
  });

  it('notifies subscribers after a change is saved, and rejects invalid values', async () => {
    const store = createSettingsStore();
    const seen: boolean[] = [];
    const unsubscribe = store.subscribe((s) => seen.push(s.contentProtection));
    await store.update({ contentProtection: false });
    await expect(store.update({ contentProtection: 'off' as unknown as boolean })).rejects.toThrow();
    expect(store.get().contentProtection).toBe(false);
    unsubscribe();
    await store.update({ contentProtection: true });
    expect(seen).toEqual([false]);
  });
});
