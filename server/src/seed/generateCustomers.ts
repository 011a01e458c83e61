import type { CustomerRow } from '../db/rows.ts';
import { HEALTH_NOTES, MOBILE_PREFIXES, REGIONS, STREETS } from './catalog.ts';
import type { SeedRandom } from './random.ts';

const DAY = 24 * 60 * 60 * 1000;

/** A customers row as inserted: the table's own row shape. */
export type CustomerSeed = CustomerRow;

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** An 18-digit resident id with a valid check digit (fictional region code and sequence). */
function idNumber(r: SeedRandom): string {
  const birth = new Date(Date.UTC(r.int(1970, 2004), r.int(0, 11), r.int(1, 28)));
  const body =
    String(r.int(110000, 659000)) +
    birth.toISOString().slice(0, 10).replaceAll('-', '') +
    String(r.int(0, 999)).padStart(3, '0');
  const sum = [...body].reduce((acc, digit, i) => acc + Number(digit) * ID_WEIGHTS[i]!, 0);
  return body + ID_CHECK[sum % 11];
}

function address(r: SeedRandom): string {
  const [province, city, districts] = r.pick(REGIONS);
  const prefix = province === city ? city : province + city;
  return `${prefix}${r.pick(districts)}${r.pick(STREETS)}${r.int(1, 399)}号${r.int(1, 30)}栋${r.int(1, 28)}0${r.int(1, 6)}室`;
}

export function generateCustomer(r: SeedRandom, now: number): CustomerSeed {
  const healthNotes = r.chance(0.1) ? r.pick(HEALTH_NOTES) : null;
  const flags: string[] = [];
  if (healthNotes?.includes('过敏')) flags.push('allergy_history');
  if (r.chance(0.06)) flags.push('prior_complaint');
  const createdAt = now - r.int(30, 720) * DAY - r.int(0, DAY);
  return {
    id: r.uuid(),
    name: r.faker.person.fullName(),
    phone: r.pick(MOBILE_PREFIXES) + String(r.int(0, 99_999_999)).padStart(8, '0'),
    email: r.chance(0.35) ? r.faker.internet.email() : null,
    address: r.chance(0.85) ? address(r) : null,
    id_number: r.chance(0.15) ? idNumber(r) : null,
    health_notes: healthNotes,
    loyalty_tier: r.weighted({ regular: 60, silver: 25, gold: 10, vip: 5 }),
    flags,
    created_at: createdAt,
    updated_at: Math.min(now, createdAt + r.int(0, 60) * DAY),
  };
}
