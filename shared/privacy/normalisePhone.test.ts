import fc from 'fast-check';
import { normalisePhone } from './normalisePhone.ts';
import { landlineForms, landlineNumber, mobileForms, mobileNumber } from './phoneForms.ts';

describe('normalisePhone', () => {
  it('reads the common ways of writing one number the same', () => {
    for (const form of [
      '13812345678',
      '138 1234 5678',
      '138-1234-5678',
      '+86 138 1234 5678',
      '+8613812345678',
      '8613812345678',
      '0086 13812345678',
      '(+86)138-1234-5678',
      '１３８１２３４５６７８',
      '＋８６ １３８ １２３４ ５６７８',
    ]) {
      expect(normalisePhone(form), form).toBe('13812345678');
    }
  });

  it('keeps the area code of landlines, giving back the trunk 0 of international forms', () => {
    expect(normalisePhone('010-88886666')).toBe('01088886666');
    expect(normalisePhone('(0755) 8765 4321')).toBe('075587654321');
    expect(normalisePhone('+86 755 87654321')).toBe('075587654321');
    expect(normalisePhone('+86 10 8888 6666')).toBe('01088886666');
    expect(normalisePhone('0755-87654321 转 801')).toBe('075587654321');
  });

  it('never takes a local number or a foreign one for a mainland number', () => {
    expect(normalisePhone('86123456')).toBe('86123456');
    expect(normalisePhone('88886666')).toBe('88886666');
    expect(normalisePhone('+1 415 555 0100')).toBe('+14155550100');
    expect(normalisePhone('001 415 555 0100')).toBe('+14155550100');
    expect(normalisePhone('+1 415 555 0100')).not.toBe(normalisePhone('141 5555 0100'));
  });

  it('is null for what is not a phone number', () => {
    for (const text of ['', 'unknown', '12', '+', '1'.repeat(25)])
      expect(normalisePhone(text), text).toBeNull();
  });

  it('property: every written form of a mobile number normalises to its 11 digits', () => {
    fc.assert(
      fc.property(
        mobileNumber.chain((n) => fc.tuple(fc.constant(n), mobileForms(n))),
        ([n, form]) => {
          expect(normalisePhone(form)).toBe(n);
        },
      ),
    );
  });

  it('property: every written form of a landline normalises to area code + local number', () => {
    fc.assert(
      fc.property(
        landlineNumber.chain((n) => fc.tuple(fc.constant(n), landlineForms(n))),
        ([n, form]) => {
          expect(normalisePhone(form)).toBe(`${n.area}${n.local}`);
        },
      ),
    );
  });

  it('property: different numbers stay different', () => {
    const anyNumber = fc.oneof(
      mobileNumber.chain((n) => fc.tuple(fc.constant(n), mobileForms(n))),
      landlineNumber.chain((n) => fc.tuple(fc.constant(`${n.area}${n.local}`), landlineForms(n))),
    );
    fc.assert(
      fc.property(anyNumber, anyNumber, ([a, formA], [b, formB]) => {
        fc.pre(a !== b);
        expect(normalisePhone(formA)).not.toBe(normalisePhone(formB));
      }),
    );
  });
});
