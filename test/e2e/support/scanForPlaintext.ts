import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

export interface PlaintextHit {
  /** Relative to the scanned folder it was found under. */
  file: string;
  /** A label of the value (never the value itself, so a failure message does not print it). */
  label: string;
  encoding: 'utf8' | 'utf16le';
}

export interface ScanResult {
  files: number;
  bytes: number;
  hits: PlaintextHit[];
}

/**
 * Every regular file under `roots`, byte for byte: is any of `values` in it, written as UTF-8 (also
 * what V8 and LevelDB write for Latin-1 strings) or UTF-16LE (V8's two-byte strings, e.g. CJK text in
 * IndexedDB)? Symlinks are not followed (Chromium's Singleton* links point outside the profile).
 * A plain scan cannot see inside compressed blocks, so callers pair it with a positive control.
 */
export async function scanForPlaintext(
  roots: readonly string[],
  values: ReadonlyArray<{ label: string; value: string }>,
): Promise<ScanResult> {
  const needles = values.flatMap(({ label, value }) =>
    (['utf8', 'utf16le'] as const).map((encoding) => ({
      label,
      encoding,
      bytes: Buffer.from(value, encoding),
    })),
  );
  const result: ScanResult = { files: 0, bytes: 0, hits: [] };
  async function walk(root: string, dir: string): Promise<void> {
    for (const name of await readdir(dir)) {
      const path = join(dir, name);
      const info = await lstat(path).catch(() => null);
      if (!info) continue; // gone since the listing (a lock file)
      if (info.isDirectory()) await walk(root, path);
      else if (info.isFile()) {
        const content = await readFile(path).catch(() => null);
        if (!content) continue;
        result.files += 1;
        result.bytes += content.length;
        for (const needle of needles) {
          if (content.includes(needle.bytes)) {
            result.hits.push({ file: relative(root, path), label: needle.label, encoding: needle.encoding });
          }
        }
      }
    }
  }
  for (const root of roots) await walk(root, root);
  return result;
}
