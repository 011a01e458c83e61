/** What a scenario reports: one row per metric, each beside a baseline measured in the same run. */

export type Comparison = '<' | '<=' | '>=' | '=';

/** A goal from the product issues, checked against the metric's value or its ratio to the baseline. */
export interface Target {
  on: 'value' | 'ratio';
  op: Comparison;
  limit: number;
}

export interface Metric {
  /** e.g. "pull p50", "tickets/s". */
  metric: string;
  unit: string;
  /** null when the product path did not produce a value (timed out, failed). */
  value: number | null;
  baseline: number | null;
  /** What the baseline measured, e.g. "select by id via Db". */
  baselineLabel?: string;
  target?: Target;
}

export interface ScenarioResult {
  name: string;
  description: string;
  /** Sizes and settings the numbers depend on (rows, runs, concurrency…). */
  params: Record<string, number | string | boolean>;
  metrics: Metric[];
  /** Findings worth a sentence: what dominates, anomalies, what was not measured. */
  notes: string[];
  durationMs: number;
  /** Set when the scenario could not finish; its metrics are whatever it measured before. */
  error?: string;
}

export interface BenchContext {
  quick: boolean;
  /** The repository root. */
  root: string;
  /** Where seeded data sets are kept between runs. */
  cacheDir: string;
  log(message: string): void;
  /** The scenarios this run has finished so far, in order (one may set its numbers against another's). */
  earlier?: readonly ScenarioResult[];
}

export interface ScenarioReport {
  params: ScenarioResult['params'];
  metrics: Metric[];
  notes: string[];
}

export interface Scenario {
  name: string;
  description: string;
  /** Needs dist/renderer and Chromium. */
  browser: boolean;
  /**
   * Runs the scenario. It fills `report` as it goes, so a scenario that fails half-way still shows
   * what it measured; it throws only when it cannot go on.
   */
  run(ctx: BenchContext, report: ScenarioReport): Promise<void>;
}
