import { describe, expect, it } from 'vitest';
import { medianOfRuns } from './repeat.ts';
import type { Metric, ScenarioReport } from './types.ts';

const complete = (value: number | null, baseline: number): Metric => ({
  metric: 'first sync complete',
  unit: 'ms',
  value,
  baseline,
  target: { on: 'ratio', op: '<=', limit: 1.25 },
});
const usable = (value: number): Metric => ({
  metric: 'usable queue',
  unit: 'ms',
  value,
  baseline: null,
  target: { on: 'value', op: '<', limit: 3_000 },
});
const run = (metrics: Metric[], note: string): ScenarioReport => ({
  params: { tickets: 10 },
  metrics,
  notes: [note],
});

describe('medianOfRuns', () => {
  it('shows each metric as in its median run, judged on what its target checks', () => {
    const report = medianOfRuns([
      run([complete(5_000, 4_000), usable(700)], 'first'), // 1.25×
      run([complete(5_300, 3_800), usable(650)], 'second'), // 1.39×
      run([complete(5_600, 4_700), usable(900)], 'third'), // 1.19×
    ]);
    // By ratio, not by value: 1.25× is the middle one, its value beside its own baseline.
    expect(report.metrics[0]).toMatchObject({ value: 5_000, baseline: 4_000 });
    expect(report.metrics[1]).toMatchObject({ value: 700 });
    expect(report.params).toEqual({ tickets: 10, runs: 3 });
    expect(report.notes[0]).toContain('5000 vs 4000 (1.25×), 5300 vs 3800 (1.39×), 5600 vs 4700 (1.19×)');
    expect(report.notes.at(-1)).toBe('first');
  });

  it('counts a run without a number as the worst, and shows the worse middle of an even count', () => {
    const report = medianOfRuns([
      run([usable(600)], 'a'),
      run([usable(800)], 'b'),
      run([], 'c'),
      run([usable(700)], 'd'),
    ]);
    expect(report.metrics[0]!.value).toBe(800); // 600, 700, 800, none: the worse middle
  });

  it('passes a single run through unchanged', () => {
    const only = run([usable(600)], 'only');
    expect(medianOfRuns([only])).toBe(only);
  });
});
