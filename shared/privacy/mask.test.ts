import fc from 'fast-check';
import { maskAddress, maskEmail, maskIdNumber, maskName, maskPhone } from './mask.ts';

describe('masks', () => {
  it('masks the way agents expect to read them', () => {
    expect(maskName('王小明')).toBe('王**');
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskEmail('alice@example.com')).toBe('a***@example.com');
    expect(maskAddress('广东省深圳市南山区科技园南路1号')).toBe('广东省深圳市南山区****');
    expect(maskIdNumber('110101199003074514')).toBe('1****************4');
  });

  it('never reveals the middle of a mobile number', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^1[3-9]\d{9}$/), (phone) => {
        // The middle four are stars wherever they are: "not contained" failed for 13000380038, whose
        // shown tail equals its hidden middle.
        expect(maskPhone(phone)).toBe(`${phone.slice(0, 3)}****${phone.slice(7)}`);
      }),
    );
  });

  it('never returns a name longer than a surname plus stars', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 2, maxLength: 12 }).filter((s) => s.trim().length > 1),
        (name) => {
          const masked = maskName(name);
          expect(
            Array.from(masked)
              .slice(1)
              .every((c) => c === '*'),
          ).toBe(true);
        },
      ),
    );
  });
});

describe('address mask', () => {
  it('keeps no street, estate or number even without a province or city', () => {
    expect(maskAddress('科技园南路18号阳光小区5栋')).toBe('****');
    expect(maskAddress('浙江省杭州市西湖区文三路90号')).toBe('浙江省杭州市西湖区****');
  });
});
