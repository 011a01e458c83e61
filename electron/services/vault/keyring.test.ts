import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KeyStoreError } from '../keyStore/keyStore.ts';
import {
  generateKeyring,
  keyIdOf,
  newDataKey,
  parseKeyring,
  serializeKeyring,
  zeroKeyring,
} from './keyring.ts';

function corruptCode(material: Buffer): string {
  try {
    parseKeyring(material);
  } catch (err) {
    expect(err).toBeInstanceOf(KeyStoreError);
    return (err as KeyStoreError).code;
  }
  throw new Error('expected the keyring to be refused');
}

describe('keyring', () => {
  it('round-trips current, previous and index keys', () => {
    const ring = { ...generateKeyring(1_700_000_000_000), previous: [newDataKey(1), newDataKey(0)] };
    const parsed = parseKeyring(serializeKeyring(ring));
    expect(parsed.kind).toBe('keyring');
    if (parsed.kind !== 'keyring') return;
    expect(parsed.ring.current).toEqual(ring.current);
    expect(parsed.ring.previous).toEqual(ring.previous);
    expect(parsed.ring.indexKey).toEqual(ring.indexKey);
    expect(parsed.ring.current.id).toBe(keyIdOf(ring.current.key));
  });

  it('reads a bare 32-byte key as the single key of a pre-keyring vault', () => {
    const key = randomBytes(32);
    expect(parseKeyring(key)).toEqual({ kind: 'legacy', dataKey: { id: keyIdOf(key), key, createdAt: 0 } });
  });

  it('refuses anything else as corrupt rather than guessing', () => {
    const good = serializeKeyring(generateKeyring(0));
    expect(corruptCode(randomBytes(80))).toBe('keystore_corrupt');
    expect(corruptCode(good.subarray(0, good.length - 1))).toBe('keystore_corrupt');
    const badFormat = Buffer.from(good);
    badFormat[4] = 9;
    expect(corruptCode(badFormat)).toBe('keystore_corrupt');
    const noKeys = Buffer.from(good);
    noKeys[5] = 0;
    expect(corruptCode(noKeys)).toBe('keystore_corrupt');
    const key = newDataKey(0);
    const twice = serializeKeyring({ current: key, previous: [key], indexKey: randomBytes(32) });
    expect(corruptCode(twice)).toBe('keystore_corrupt');
  });

  it('zeroKeyring overwrites every key in memory', () => {
    const ring = { ...generateKeyring(0), previous: [newDataKey(0)] };
    zeroKeyring(ring);
    for (const buf of [ring.current.key, ring.previous[0]!.key, ring.indexKey]) {
      expect(buf.equals(Buffer.alloc(32))).toBe(true);
    }
  });
});
