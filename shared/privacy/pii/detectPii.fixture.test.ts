import { messages } from '../../../test/fixtures/pii/messages.ts';
import { detectPii, type PiiKind, type PiiSpan } from './detectPii.ts';
import { PII_KINDS } from './piiSpan.ts';

/*
 * Precision and recall over hand-written messages (test/fixtures/pii/messages.ts).
 *
 * When a detection matches an expected value (each side matches at most once):
 * - numbers and emails: same kind, and equal once spaces and dashes are removed;
 * - addresses: same kind, and either the detected span contains the expected address's detail part
 *   (the expected value minus its leading province/city/district), or it lies inside the expected
 *   address and covers at least 80% of its length.
 * An unmatched detection is a false positive of its kind, an unmatched expectation a false negative.
 */

type Located = { kind: PiiKind; value: string; start: number; end: number };

// Independent of the detector on purpose: the leading administrative units of an address.
const REGION =
  /^(?:[^\d]{2,9}?(?:省|自治区)\s?)?(?:[^\d]{2,9}?(?:市|自治州|盟)\s?)?(?:[^\d]{1,9}?(?:区|县|旗)\s?)?/;
const compact = (value: string) => value.replace(/[\s-]/g, '');

function locate(text: string, expected: Array<{ kind: PiiKind; value: string }>): Located[] {
  const from = new Map<string, number>();
  return expected.map(({ kind, value }) => {
    const start = text.indexOf(value, from.get(value) ?? 0);
    if (start < 0)
      throw new Error(`fixture value ${JSON.stringify(value)} is not in ${JSON.stringify(text)}`);
    from.set(value, start + value.length);
    return { kind, value, start, end: start + value.length };
  });
}

function matches(found: PiiSpan, expected: Located): boolean {
  if (found.kind !== expected.kind) return false;
  if (found.kind !== 'address') return compact(found.value) === compact(expected.value);
  const detailStart = expected.start + (REGION.exec(expected.value)?.[0].length ?? 0);
  const containsDetail = found.start <= detailStart && found.end >= expected.end;
  const inside = found.start >= expected.start && found.end <= expected.end;
  return containsDetail || (inside && found.end - found.start >= 0.8 * expected.value.length);
}

type Tally = { expected: number; detected: number; tp: number };

function score() {
  const tally = new Map<PiiKind | 'overall', Tally>();
  const add = (kind: PiiKind, field: keyof Tally) => {
    for (const key of [kind, 'overall'] as const) {
      const t = tally.get(key) ?? { expected: 0, detected: 0, tp: 0 };
      t[field] += 1;
      tally.set(key, t);
    }
  };
  const misses: string[] = [];
  for (const { text, pii } of messages) {
    const expected = locate(text, pii);
    const found = detectPii(text);
    const unmatched = new Set(found);
    for (const e of expected) {
      add(e.kind, 'expected');
      const hit = [...unmatched].find((f) => matches(f, e));
      if (hit) {
        unmatched.delete(hit);
        add(e.kind, 'tp');
      } else misses.push(`FN ${e.kind} ${JSON.stringify(e.value)} in ${text}`);
    }
    for (const f of found) add(f.kind, 'detected');
    for (const f of unmatched) misses.push(`FP ${f.kind} ${JSON.stringify(f.value)} in ${text}`);
  }
  return { tally, misses };
}

const ratio = (num: number, den: number) => (den === 0 ? 1 : num / den);

describe('detectPii on the message fixture', () => {
  it('is a fixture worth measuring against', () => {
    expect(messages.length).toBeGreaterThanOrEqual(300);
    expect(messages.filter((m) => m.pii.length === 0).length).toBeGreaterThanOrEqual(messages.length / 3);
    for (const kind of PII_KINDS) expect(messages.some((m) => m.pii.some((p) => p.kind === kind))).toBe(true);
  });

  it('meets the product bar: recall ≥ 0.99 and precision ≥ 0.95 overall', () => {
    const { tally, misses } = score();
    const rows = [...PII_KINDS, 'overall' as const].map((kind) => {
      const t = tally.get(kind) ?? { expected: 0, detected: 0, tp: 0 };
      return {
        kind,
        expected: t.expected,
        detected: t.detected,
        tp: t.tp,
        precision: ratio(t.tp, t.detected).toFixed(3),
        recall: ratio(t.tp, t.expected).toFixed(3),
      };
    });
    console.log(`PII detection over ${messages.length} messages`);
    console.table(rows);
    if (misses.length > 0) console.log(misses.join('\n'));

    const overall = tally.get('overall') ?? { expected: 0, detected: 0, tp: 0 };
    expect(ratio(overall.tp, overall.expected)).toBeGreaterThanOrEqual(0.99);
    expect(ratio(overall.tp, overall.detected)).toBeGreaterThanOrEqual(0.95);
  });
});
