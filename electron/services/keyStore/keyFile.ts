import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
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

export async function removeKeyFile(filePath: string): Promise<void> {
  await rm(filePath, { force: true });
}
