import { ratioOf } from './report.ts';
import type { Metric, ScenarioReport } from './types.ts';

/** What a metric is judged on: its ratio to the baseline when its target says so, else its value. */
function subjectOf(m: Metric): number | null {
  return m.target?.on === 'ratio' ? ratioOf(m) : m.value;
}

const formatRun = (m: Metric) => {
  const ratio = ratioOf(m);
  const base = m.baseline === null ? '' : ` vs ${m.baseline}`;
  return `${m.value ?? '—'}${base}${ratio === null ? '' : ` (${ratio.toFixed(2)}×)`}`;
};

/**
 * One report from several runs of a scenario (`npm run bench -- <name> --repeat N`): each metric as
 * it was in its median run, judged the way its target is (the ratio for a ratio target, so a value
 * stays beside the baseline measured in the same run), and a note listing every run. Runs without
 * the metric, or without a number for it, count as the worst. Params and the other notes are the
 * first run's.
 */
export function medianOfRuns(runs: readonly ScenarioReport[]): ScenarioReport {
  const [first] = runs;
  if (!first) throw new Error('medianOfRuns needs at least one run');
  if (runs.length === 1) return first;
  const metrics = first.metrics.map((m) => {
    const across = runs.map((r) => r.metrics.find((x) => x.metric === m.metric) ?? { ...m, value: null });
    const ordered = [...across].sort(
      (a, b) => (subjectOf(a) ?? Number.POSITIVE_INFINITY) - (subjectOf(b) ?? Number.POSITIVE_INFINITY),
    );
    // An even count shows the worse of the middle two: a report errs towards the slower number.
    return { median: ordered[Math.floor(ordered.length / 2)]!, across };
  });
  return {
    params: { ...first.params, runs: runs.length },
    metrics: metrics.map((m) => m.median),
    notes: [
      ...metrics.map(
        ({ median, across }) =>
          `${median.metric}: the median of ${runs.length} runs is shown; runs: ${across.map(formatRun).join(', ')}`,
      ),
      ...first.notes,
    ],
  };
}
