import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as arb from '@shared/privacy/pii/arbitraries.ts';
import { maskFreeText, maskPiiSpan, splitFreeText } from './maskFreeText.ts';

const PII = fc.oneof(arb.mobile, arb.landline, arb.idNumber, arb.email, arb.bankCard, arb.address);
const KEPT = fc.oneof(arb.orderNumber, arb.trackingNumber, arb.price);
/** Chatter that never ends in nothing, so two values never run into one. */
const gap = fc.tuple(arb.chatter, fc.constantFrom('，', '。', ' ', '\n', '！')).map(([c, p]) => c + p);

/** A message of several parts, each personal data or a business number, separated by chatter. */
const message = fc
  .array(
    fc.oneof(
      PII.map((value) => ({ pii: true, value })),
      KEPT.map((value) => ({ pii: false, value })),
    ),
    {
      minLength: 1,
      maxLength: 5,
    },
  )
  .chain((parts) =>
    fc.array(gap, { minLength: parts.length + 1, maxLength: parts.length + 1 }).map((gaps) => ({
      parts,
      text: gaps.reduce((text, g, i) => text + g + (parts[i]?.value ?? ''), ''),
    })),
  );

describe('maskFreeText', () => {
  it('masks the forms agents meet and keeps business numbers', () => {
    expect(
      maskFreeText(
        '订单号202611251234567890已签收，运单SF1234567890123，退款¥129.00到卡6222021234567890128，' +
          '电话138 1234 5678，身份证11010119900307002X，寄到北京市朝阳区建国路88号3单元502室',
      ),
    ).toBe(
      '订单号202611251234567890已签收，运单SF1234567890123，退款¥129.00到卡****0128，' +
        '电话138****5678，身份证1****************X，寄到北京市朝阳区****',
    );
  });

  it('property: no generated personal value survives; order and tracking numbers and prices do', () => {
    fc.assert(
      fc.property(message, ({ parts, text }) => {
        const masked = maskFreeText(text);
        for (const part of parts) {
          if (part.pii)
            expect(masked, `${JSON.stringify(text)} → ${JSON.stringify(masked)}`).not.toContain(part.value);
          else expect(masked, `${JSON.stringify(text)} → ${JSON.stringify(masked)}`).toContain(part.value);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('property: text without personal data comes back unchanged', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(arb.chatter, KEPT, arb.dateOrTime, arb.businessCode, gap)), (parts) => {
        const text = parts.join('，');
        expect(maskFreeText(text)).toBe(text);
      }),
    );
  });
});

describe('splitFreeText', () => {
  it('property: its parts put back together are the text, and their masks are maskFreeText', () => {
    fc.assert(
      fc.property(message, ({ text }) => {
        const parts = splitFreeText(text);
        expect(parts.map((p) => (p.kind === 'text' ? p.text : p.span.value)).join('')).toBe(text);
        expect(parts.map((p) => (p.kind === 'text' ? p.text : maskPiiSpan(p.span))).join('')).toBe(
          maskFreeText(text),
        );
      }),
      { numRuns: 200 },
    );
  });
});
