import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Metric, ScenarioResult, Target } from './types.ts';

export type Verdict = 'pass' | 'FAIL' | 'n/a' | '—';

export function ratioOf(m: Metric): number | null {
  if (m.value === null || m.baseline === null || m.baseline === 0) return null;
  return m.value / m.baseline;
}

export function verdict(m: Metric): Verdict {
  if (!m.target) return '—';
  const subject = m.target.on === 'ratio' ? ratioOf(m) : m.value;
  if (subject === null || !Number.isFinite(subject)) return 'n/a';
  const { op, limit } = m.target;
  const ok =
    op === '<'
      ? subject < limit
      : op === '<='
        ? subject <= limit
        : op === '>='
          ? subject >= limit
          : subject === limit;
  return ok ? 'pass' : 'FAIL';
}

export function describeTarget(target: Target | undefined, unit: string): string {
  if (!target) return '';
  const op = target.op === '<=' ? '≤' : target.op === '>=' ? '≥' : target.op;
  return target.on === 'ratio' ? `ratio ${op} ${target.limit}` : `${op} ${target.limit} ${unit}`.trim();
}

const fmt = (v: number | null, unit = '') =>
  v === null ? '—' : `${v.toLocaleString('en', { maximumFractionDigits: 2 })}${unit ? ` ${unit}` : ''}`;

/** The console table: one line per metric. */
export function formatTable(results: readonly ScenarioResult[]): string {
  const header = ['scenario', 'metric', 'value', 'baseline', 'ratio', 'target', 'result'];
  const rows: string[][] = [];
  for (const r of results) {
    if (r.metrics.length === 0)
      rows.push([r.name, r.error ? `error: ${r.error}` : '(no metrics)', '', '', '', '', '']);
    for (const m of r.metrics) {
      const ratio = ratioOf(m);
      rows.push([
        r.name,
        m.metric,
        fmt(m.value, m.unit),
        fmt(m.baseline, m.unit),
        ratio === null ? '—' : `${ratio >= 100 ? Math.round(ratio) : ratio.toFixed(2)}×`,
        describeTarget(m.target, m.unit),
        verdict(m),
      ]);
    }
  }
  const width = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((row) => displayWidth(row[i]!))));
  const line = (cells: string[]) =>
    cells.map((c, i) => c + ' '.repeat(Math.max(0, width[i]! - displayWidth(c)))).join('  ');
  return [line(header), width.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Terminal columns: CJK characters take two. */
function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(
      ch,
    )
      ? 2
      : 1;
  return w;
}

export interface BenchRun {
  startedAt: string;
  finishedAt: string;
  quick: boolean;
  machine: { node: string; platform: string; cpus: number; memoryGb: number };
  scenarios: Array<
    ScenarioResult & {
      metrics: Array<Metric & { ratio: number | null; verdict: Verdict }>;
    }
  >;
}

/** Writes the run as JSON, formatted by the repository's Prettier so `prettier --check bench` stays clean. */
export async function writeRun(path: string, run: BenchRun): Promise<void> {
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(path)) ?? {};
  const text = await prettier.format(JSON.stringify(run), { ...options, parser: 'json', filepath: path });
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}
