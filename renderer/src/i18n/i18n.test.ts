import { describe, expect, it } from 'vitest';
import { API_ERROR_CODES } from '@shared/api/errors.ts';
import { en } from './locales/en.ts';
import { zhCN } from './locales/zh-CN.ts';

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === 'object' ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1] ?? '').sort();
}

describe('i18n resources', () => {
  it('zh-CN and en have exactly the same keys', () => {
    expect(keys(en).sort()).toEqual(keys(zhCN).sort());
  });

  it('every translation uses the same placeholders in both languages', () => {
    const get = (obj: object, path: string) =>
      path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], obj) as string;
    for (const key of keys(zhCN)) {
      expect(placeholders(get(en, key)), key).toEqual(placeholders(get(zhCN, key)));
    }
  });

  it('has no empty strings', () => {
    const get = (obj: object, path: string) =>
      path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], obj) as string;
    for (const key of keys(zhCN)) {
      expect(get(zhCN, key).trim(), key).not.toBe('');
      expect(get(en, key).trim(), key).not.toBe('');
    }
  });
});

describe('error messages', () => {
  it('has a message for every code the API may send', () => {
    for (const code of API_ERROR_CODES) expect(zhCN.errors, code).toHaveProperty(code);
  });
});
