import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PhoneIndex } from '@shared/privacy/sealed.ts';
import { landlineForms, landlineNumber, mobileForms, mobileNumber } from '@shared/privacy/phoneForms.ts';
import { createSoftwareKeyStore } from '../keyStore/softwareKeyStore.ts';
import { createVault } from './vault.ts';

const vault = await createVault(createSoftwareKeyStore({ memory: true }));

/** A number with two of its written forms. */
const twoForms = fc.oneof(
  mobileNumber.chain((n) => fc.tuple(fc.constant(n), mobileForms(n), mobileForms(n))),
  landlineNumber.chain((n) =>
    fc.tuple(fc.constant(`${n.area}${n.local}`), landlineForms(n), landlineForms(n)),
  ),
);

describe('phone blind index', () => {
  it('is a base64url HMAC-SHA256, not the number', () => {
    const index = vault.phoneIndex('13812345678')!;
    expect(PhoneIndex.parse(index)).toBe(index);
    expect(index).not.toContain('5678');
    expect(vault.phoneIndex('not a phone')).toBeNull();
  });

  it('property: the same phone in different written forms gives the same index', () => {
    fc.assert(
      fc.property(twoForms, ([, a, b]) => {
        expect(vault.phoneIndex(a)).toBe(vault.phoneIndex(b));
        expect(vault.phoneIndex(a)).not.toBeNull();
      }),
    );
  });

  it('property: different numbers give different indexes', () => {
    fc.assert(
      fc.property(twoForms, twoForms, ([n, a], [m, b]) => {
        fc.pre(n !== m);
        expect(vault.phoneIndex(a)).not.toBe(vault.phoneIndex(b));
      }),
    );
  });

  it('depends on the device key: another vault indexes the same number differently', async () => {
    const other = await createVault(createSoftwareKeyStore({ memory: true }));
    expect(other.phoneIndex('13812345678')).not.toBe(vault.phoneIndex('13812345678'));
  });
});
