import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Db } from '../db/types.ts';
import { testConfig } from '../testing/testServer.ts';
import { decryptField, encryptField, envelopeKeyId, FieldCipherError } from './fieldCipher.ts';
import { phoneIndex } from './customerFields.ts';
import { generateEphemeralKeys, newKeyText, parsePrivacyKeys } from './keyring.ts';
import { resolveDataKeys } from './resolveDataKeys.ts';

const ROW = '4f1c2b8e-0d7a-4c55-9a61-3b2e8f0c1d22';

describe('server field cipher', () => {
  it('round-trips, with a fresh IV every time', () => {
    const keys = generateEphemeralKeys();
    const a = encryptField(keys, 'customers', 'name', ROW, '王小明');
    const b = encryptField(keys, 'customers', 'name', ROW, '王小明');
    expect(a).not.toBe(b);
    expect(a).not.toContain('王小明');
    expect(decryptField(keys, 'customers', 'name', ROW, a)).toBe('王小明');
  });

  it('rotates: the first key encrypts, older keys still decrypt, an unknown key fails loudly', () => {
    const k1 = newKeyText();
    const index = newKeyText();
    const old = parsePrivacyKeys(`k1:${k1}`, index);
    const sealed = encryptField(old, 'customers', 'phone', ROW, '13800001111');
    const rotated = parsePrivacyKeys(`k2:${newKeyText()},k1:${k1}`, index);
    expect(decryptField(rotated, 'customers', 'phone', ROW, sealed)).toBe('13800001111');
    expect(envelopeKeyId(encryptField(rotated, 'customers', 'phone', ROW, 'x'))).toBe('k2');
    const dropped = parsePrivacyKeys(`k2:${newKeyText()}`, index);
    expect(() => decryptField(dropped, 'customers', 'phone', ROW, sealed)).toThrow(/key "k1"/);
  });

  it('refuses a wrong key with the same id, another row, another column', () => {
    const keys = generateEphemeralKeys();
    const sealed = encryptField(keys, 'customers', 'email', ROW, 'a@b.cn');
    const impostor = parsePrivacyKeys(`${keys.current.id}:${newKeyText()}`, newKeyText());
    expect(() => decryptField(impostor, 'customers', 'email', ROW, sealed)).toThrow(FieldCipherError);
    expect(() => decryptField(keys, 'customers', 'email', ROW.replace('4f', '5f'), sealed)).toThrow(
      /failed authentication/,
    );
    expect(() => decryptField(keys, 'customers', 'address', ROW, sealed)).toThrow(/failed authentication/);
  });

  it('indexes phones by their normalised form under the index key only', () => {
    const keys = generateEphemeralKeys();
    expect(phoneIndex(keys, '+86 138-1234-5678')).toBe(phoneIndex(keys, '13812345678'));
    expect(phoneIndex(keys, '13812345678')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(phoneIndex(generateEphemeralKeys(), '13812345678')).not.toBe(phoneIndex(keys, '13812345678'));
  });

  it('rejects malformed key configuration clearly', () => {
    expect(() => parsePrivacyKeys('', newKeyText())).toThrow(/empty/);
    expect(() => parsePrivacyKeys('k1:c2hvcnQ=', newKeyText())).toThrow(/32 bytes/);
    expect(() => parsePrivacyKeys(`k1:${newKeyText()},k1:${newKeyText()}`, newKeyText())).toThrow(/twice/);
    expect(() => parsePrivacyKeys(`k1:${newKeyText()}`, 'abc')).toThrow(/CAREDESK_PHONE_INDEX_KEY/);
  });
});

describe('resolveDataKeys', () => {
  const pglite = { kind: 'pglite' } as Db;

  it('creates 0600 key files in the data folder once, then reads them', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'caredesk-keys-'));
    try {
      const config = testConfig({ dataDir: dir, dataKeys: null, phoneIndexKey: null });
      const first = await resolveDataKeys(config, pglite);
      const again = await resolveDataKeys(config, pglite);
      expect(again.current.key.equals(first.current.key)).toBe(true);
      expect(again.indexKey.equals(first.indexKey)).toBe(true);
      for (const file of ['data-keys', 'phone-index-key']) {
        expect((await stat(path.join(dir, file))).mode & 0o777).toBe(0o600);
      }
      expect(await readFile(path.join(dir, 'data-keys'), 'utf8')).toMatch(/^k1:/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('prefers the environment, and requires it with PostgreSQL outside demo mode', async () => {
    const unset = testConfig({ dataKeys: null, phoneIndexKey: null });
    const dataKeys = `prod1:${newKeyText()}`;
    const keys = await resolveDataKeys(testConfig({ dataKeys, phoneIndexKey: newKeyText() }), pglite);
    expect(keys.current.id).toBe('prod1');
    const demo = { ...unset, demo: { accounts: [], intakeKey: 'k' } };
    const stored = new Map<string, string>();
    const fakePostgres = {
      kind: 'postgres',
      query: async (sql: string, params: string[]) => {
        if (sql.startsWith('insert') && !stored.has(params[0]!)) stored.set(params[0]!, params[1]!);
        return { rows: [{ value: stored.get(params[0]!) }] };
      },
    } as unknown as Db;
    const a = await resolveDataKeys(demo, fakePostgres);
    const b = await resolveDataKeys(demo, fakePostgres);
    expect(a.current.key.equals(b.current.key)).toBe(true);
    const postgres = { kind: 'postgres' } as Db;
    await expect(resolveDataKeys(unset, postgres)).rejects.toThrow(/CAREDESK_DATA_KEYS is required/);
  });
});
