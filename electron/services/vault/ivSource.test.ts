import { describe, expect, it } from 'vitest';
import { createIvSource } from './ivSource.ts';

describe('IV source', () => {
  it('hands out IVs of the asked size, never the same twice, across many blocks', () => {
    const next = createIvSource(12, 8);
    const seen = new Set<string>();
    for (let i = 0; i < 8 * 50; i++) {
      const iv = next();
      expect(iv).toHaveLength(12);
      seen.add(iv.toString('hex'));
    }
    expect(seen.size).toBe(400);
  });

  it('does not touch an IV once handed out when it refills', () => {
    const next = createIvSource(12, 2);
    const first = next();
    const copy = Buffer.from(first);
    for (let i = 0; i < 10; i++) next();
    expect(first.equals(copy)).toBe(true);
  });
});
