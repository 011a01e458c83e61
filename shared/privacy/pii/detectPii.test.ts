import fc from 'fast-check';
import * as arb from './arbitraries.ts';
import { messages } from '../../../test/fixtures/pii/messages.ts';
import { detectPii, findPiiHits, MAY_HOLD_PII, type PiiKind, type PiiSpan } from './detectPii.ts';
import { foldWidth } from './foldWidth.ts';
import { PiiSpan as PiiSpanSchema } from './piiSpan.ts';
import { redactPii } from './redactPii.ts';

const kinds = (text: string) => detectPii(text).map((s) => [s.kind, s.value]);

/** A value embedded between two pieces of chatter, with its offset. */
const embedded = (value: fc.Arbitrary<string>) =>
  fc.tuple(arb.chatter, value, arb.chatter).map(([before, v, after]) => ({
    text: before + v + after,
    value: v,
    start: before.length,
  }));

const VALID: Array<[PiiKind, fc.Arbitrary<string>]> = [
  ['mobile', arb.mobile],
  ['landline', arb.landline],
  ['id_number', arb.idNumber],
  ['email', arb.email],
  ['bank_card', arb.bankCard],
  ['address', arb.address],
];

const LOOK_ALIKES: Array<[string, fc.Arbitrary<string>]> = [
  ['order numbers', arb.orderNumber],
  ['tracking numbers', arb.trackingNumber],
  ['prices', arb.price],
  ['dates and times', arb.dateOrTime],
  ['SKU, coupon and ticket codes', arb.businessCode],
];

/** A message mixing valid values, look-alikes and chatter. */
const message = fc
  .array(fc.oneof(arb.chatter, ...VALID.map(([, a]) => a), ...LOOK_ALIKES.map(([, a]) => a), fc.string()), {
    maxLength: 8,
  })
  .map((parts) => parts.join(''));

describe('detectPii', () => {
  it('finds the forms agents see every day', () => {
    expect(kinds('回电138 1234 5678或(0755)87654321，邮箱li.na@163.com')).toEqual([
      ['mobile', '138 1234 5678'],
      ['landline', '(0755)87654321'],
      ['email', 'li.na@163.com'],
    ]);
    expect(kinds('身份证11010119900307002X，退款卡号6222 0212 3456 7890 128')).toEqual([
      ['id_number', '11010119900307002X'],
      ['bank_card', '6222 0212 3456 7890 128'],
    ]);
    expect(kinds('上门取件：北京市朝阳区建国路88号3单元502室，谢谢')).toEqual([
      ['address', '北京市朝阳区建国路88号3单元502室'],
    ]);
    expect(kinds('手机１３８１２３４５６７８')).toEqual([['mobile', '１３８１２３４５６７８']]);
  });

  it('leaves business numbers alone', () => {
    expect(
      detectPii(
        '订单号 202611251234567890，E20261125123456789，运单SF1234567890123，中通快递773123456789012，' +
          '工单CD-000123，¥1,299.50，2026-11-25 14:30，我在上海，知道3号发货',
      ),
    ).toEqual([]);
  });

  it('rejects an 18-digit run whose check character is wrong', () => {
    expect(kinds('110101199003074514')).toEqual([['id_number', '110101199003074514']]);
    expect(kinds('110101199003074515')).toEqual([]);
  });

  it('takes a 15-digit legacy ID number only when it is labelled as one', () => {
    expect(kinds('身份证号 110101900307451')).toEqual([['id_number', '110101900307451']]);
    expect(kinds('单号 110101900307451')).toEqual([]);
  });

  it('lets the email win over the mobile inside it', () => {
    expect(kinds('13812345678@163.com')).toEqual([['email', '13812345678@163.com']]);
  });

  describe.each(VALID)('never misses a valid %s', (kind, value) => {
    it('embedded in chatter', () => {
      fc.assert(
        fc.property(embedded(value), ({ text, value: v, start }) => {
          const end = start + v.length;
          const found = detectPii(text).some((s) =>
            kind === 'address'
              ? s.kind === kind && s.start <= start && s.end >= end
              : s.kind === kind && s.start === start && s.end === end,
          );
          expect(found, `${kind} ${JSON.stringify(v)} in ${JSON.stringify(text)}`).toBe(true);
        }),
      );
    });
  });

  it.each(LOOK_ALIKES)('never flags %s', (_, value) => {
    fc.assert(
      fc.property(embedded(value), ({ text }) => {
        expect(detectPii(text)).toEqual([]);
      }),
    );
  });

  it('skips only texts in which no detector finds anything (MAY_HOLD_PII)', () => {
    /** Every detector, run without the shortcut, finds nothing where the shortcut says there is nothing. */
    const holds = (text: string) => {
      const folded = foldWidth(text);
      if (!MAY_HOLD_PII.test(folded)) expect(findPiiHits(folded)).toEqual([]);
    };
    // Without digits or @, most of these are skipped; lettered buildings (A座) still are scanned.
    const noDigits = (text: string) => text.replace(/[0-9０-９@＠]/g, '');
    for (const { text } of messages) holds(noDigits(text));
    fc.assert(
      fc.property(message, (text) => {
        holds(text);
        holds(noDigits(text));
      }),
      { numRuns: 2_000 },
    );
    expect(MAY_HOLD_PII.test(foldWidth('寄到阳光花园Ｂ栋'))).toBe(true);
    expect(MAY_HOLD_PII.test(foldWidth('好的，谢谢您的耐心等待'))).toBe(false);
  });

  it('returns sorted, non-overlapping spans that quote the text exactly', () => {
    fc.assert(
      fc.property(message, (text) => {
        const spans = detectPii(text);
        spans.forEach((span: PiiSpan, i) => {
          expect(PiiSpanSchema.safeParse(span).success).toBe(true);
          expect(text.slice(span.start, span.end)).toBe(span.value);
          if (i > 0) expect(span.start).toBeGreaterThanOrEqual(spans[i - 1]?.end ?? 0);
        });
      }),
    );
  });
});

describe('redactPii', () => {
  it('keeps what an agent needs and nothing more', () => {
    expect(redactPii('电话+86 138-1234-5678')).toBe('电话138****5678');
    expect(redactPii('座机0755-87654321')).toBe('座机0755-****4321');
    expect(redactPii('11010119900307002X')).toBe('1****************X');
    expect(redactPii('alice@example.com')).toBe('a***@example.com');
    expect(redactPii('卡号6222021234567890128')).toBe('卡号****0128');
    expect(redactPii('寄到深圳市南山区科技园南路18号阳光小区5栋')).toBe('寄到深圳市南山区****');
    expect(redactPii('寄到朝阳区建国路88号')).toBe('寄到朝阳区****');
    expect(redactPii('手机１３９１２３４５６７８')).toBe('手机139****5678');
  });

  it('re-scans rather than trusting spans that no longer quote the text', () => {
    const text = '电话13812345678';
    const spans = detectPii(text);
    expect(redactPii(text, spans)).toBe('电话138****5678');
    expect(redactPii(`您好，${text}`, spans)).toBe('您好，电话138****5678');
  });

  it('never leaves a detected value in its output', () => {
    fc.assert(
      fc.property(message, (text) => {
        const redacted = redactPii(text);
        for (const span of detectPii(text)) expect(redacted).not.toContain(span.value);
      }),
    );
  });

  it.each(VALID)('masks every valid %s embedded in chatter', (_, value) => {
    fc.assert(
      fc.property(embedded(value), ({ text, value: v }) => {
        expect(redactPii(text)).not.toContain(v);
      }),
    );
  });
});
