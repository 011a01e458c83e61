import fc from 'fast-check';

/*
 * fast-check generators for the phone normaliser and the blind index: one number, and the ways
 * agents, customers and caller ID write it. Test-only (imported by tests).
 */

const digits = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));

export const mobileNumber = fc
  .tuple(fc.integer({ min: 3, max: 9 }), digits(9))
  .map(([second, rest]) => `1${second}${rest}`);

const SHORT_AREAS = ['010', '020', '021', '022', '023', '024', '025', '027', '028', '029'];
const LONG_AREAS = ['0755', '0571', '0512', '0731', '0871', '0591', '0351', '0769', '0898', '0931'];

/** A landline as { area, local }: 010/02x + 8 digits, 0xxx + 7 or 8 digits; local starts 2–9. */
export const landlineNumber = fc
  .oneof(
    fc.tuple(fc.constantFrom(...SHORT_AREAS), fc.constant(8)),
    fc.tuple(fc.constantFrom(...LONG_AREAS), fc.constantFrom(7, 8)),
  )
  .chain(([area, length]) =>
    fc
      .tuple(fc.integer({ min: 2, max: 9 }), digits(length - 1))
      .map(([first, rest]) => ({ area, local: `${first}${rest}` })),
  );

const toFullWidth = (s: string) =>
  s.replace(/[0-9+\-()]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

/** 13812345678 written as +86 138 1234 5678, 0086-138-1234-5678, (+86)13812345678, １３８…, 138 1234 5678 转 12… */
export function mobileForms(n: string) {
  return fc
    .tuple(
      fc.constantFrom('', '+86 ', '+86', '86', '86-', '0086 ', '0086', '(+86) ', '+86-'),
      fc.constantFrom('', ' ', '-'),
      fc.boolean(),
      fc.constantFrom('', ' 转 801', ' ext. 12', '#3'),
    )
    .map(([prefix, sep, fullWidth, extension]) => {
      const text = `${prefix}${n.slice(0, 3)}${sep}${n.slice(3, 7)}${sep}${n.slice(7)}`;
      return `${fullWidth ? toFullWidth(text) : text}${extension}`;
    });
}

/** 0755-87654321 written as (0755) 8765 4321, +86 755 87654321, 0086 (0)755…, ０７５５-… */
export function landlineForms({ area, local }: { area: string; local: string }) {
  const bare = area.slice(1);
  return fc
    .tuple(
      fc.constantFrom(
        `${area}-${local}`,
        `${area}${local}`,
        `(${area}) ${local}`,
        `${area} ${local.slice(0, -4)} ${local.slice(-4)}`,
        `+86 ${bare} ${local}`,
        `+86-${bare}-${local}`,
        `0086 ${bare}${local}`,
        `+86 (0)${bare} ${local}`,
        `86 ${bare} ${local}`,
      ),
      fc.boolean(),
      fc.constantFrom('', ' 转801', ' 分机 12'),
    )
    .map(([text, fullWidth, extension]) => `${fullWidth ? toFullWidth(text) : text}${extension}`);
}
