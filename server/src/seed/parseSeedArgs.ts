import { argValue } from '../config.ts';

function positiveInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, got ${value}`);
  return n;
}

/** `--tickets N` (default 2,000) and `--seed S` (default 1), shared by both CLIs. */
export function parseSeedArgs(argv: readonly string[]): { tickets: number; seed: number } {
  return {
    tickets: positiveInt(argValue(argv, 'tickets'), 'tickets', 2_000),
    seed: positiveInt(argValue(argv, 'seed'), 'seed', 1),
  };
}
