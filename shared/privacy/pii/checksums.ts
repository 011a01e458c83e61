/** Luhn (ISO/IEC 7812) check, used by every bank card scheme in China. */
export function luhnValid(digits: string): boolean {
  return luhnSum(digits, false) % 10 === 0;
}

/** The digit that makes `body` + digit Luhn-valid (for generating test cards). */
export function luhnCheckDigit(body: string): string {
  return String((10 - (luhnSum(body, true) % 10)) % 10);
}

function luhnSum(digits: string, doubleLast: boolean): number {
  let sum = 0;
  for (let i = digits.length - 1, double = doubleLast; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum;
}

const GB11643_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const GB11643_CHECK = '10X98765432';

/** The check character (0–9 or X) of an 18-digit resident ID number, from its first 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * (GB11643_WEIGHTS[i] ?? 0);
  return GB11643_CHECK[sum % 11] ?? '';
}

/** A real calendar date: rejects 0230, 0431, and 0229 outside leap years. */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= days;
}
