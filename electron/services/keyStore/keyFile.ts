import { chmod, mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';

/** Reads a key file, or null when there is none yet (any other read error is real and propagates). */
export async function readKeyFile(filePath: string): Promise<Buffer | null> {
  try {
    return await readFile(filePath);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/**
 * Writes owner-only (0600) through a temporary file and a rename, so a crash mid-write never leaves
 * a half-written key that would make every sealed value unreadable.
 */
export async function writeKeyFile(filePath: string, contents: Buffer): Promise<void> {
  await mkdir(dirname(filePath), { recursive: true, mode: 0o700 });
  const temp = `${filePath}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, contents, { mode: 0o600, flag: 'wx' });
    await rename(temp, filePath);
    // The mode on open only applies to new files; make sure an older, looser file is tightened too.
    await chmod(filePath, 0o600);
  } finally {
    await rm(temp, { force: true });
  }
}

/**
 * Overwrites the key file with random bytes, flushes, then removes it. On an SSD or a copy-on-write
 * file system the old blocks may survive the overwrite; the wrapped form still needs the OS keychain
 * to be of any use, and the in-memory keys are zeroed before this runs.
 */
export async function removeKeyFile(filePath: string): Promise<void> {
  try {
    const handle = await open(filePath, 'r+');
    try {
      const { size } = await handle.stat();
      await handle.write(randomBytes(Math.max(size, 1)), 0, Math.max(size, 1), 0);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // No file (nothing to shred), or it could not be overwritten: removing it is still the point.
  }
  await rm(filePath, { force: true });
}
