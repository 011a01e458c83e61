import { Faker, base, en, zh_CN } from '@faker-js/faker';

/**
 * Deterministic randomness for the seed. Faker (zh_CN) makes the names and e-mail addresses; the many
 * plain picks (hundreds of thousands of rows) use a small PRNG seeded from the same seed, which is
 * several times faster than going through Faker for each. A private Faker instance keeps the global
 * one untouched.
 */
export class SeedRandom {
  readonly faker: Faker;
  private state: number;

  constructor(seed: number) {
    this.faker = new Faker({ locale: [zh_CN, en, base] });
    this.faker.seed(seed);
    this.state = (seed ^ 0x9e3779b9) >>> 0;
  }

  /** mulberry32: uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    let roll = this.next() * entries.reduce((sum, [, w]) => sum + w, 0);
    for (const [key, weight] of entries) {
      roll -= weight;
      if (roll < 0) return key;
    }
    return entries[entries.length - 1]![0];
  }

  /** A version-4 UUID from this generator. */
  uuid(): string {
    const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
    const a = hex(this.next() * 2 ** 32);
    const b = hex(this.next() * 2 ** 32);
    const c = hex(this.next() * 2 ** 32);
    const d = hex(this.next() * 2 ** 32);
    const variant = ((parseInt(c[0]!, 16) & 0x3) | 0x8).toString(16);
    return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`;
  }
}
