/**
 * npm run bench [-- <scenario…>] [--quick] [--repeat=N] [--list]
 *
 * Runs each named scenario (all by default), each measuring the product path and a baseline in the
 * same run; prints one table and writes bench/results/latest.json (format: bench/results/README.md).
 * --repeat=N runs each scenario N times and reports each metric's median run (harness/repeat.ts):
 * for the noisy ones, such as a first sync on two shared cores.
 * It never asserts: a missed target is a finding in the table, not a failure of the command. The
 * exit code is 1 only when a scenario could not run.
 */
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeHttpAgent } from './harness/http.ts';
import { sampleIdleLoad } from './harness/machineLoad.ts';
import { ensureRendererBuilt } from './harness/renderer.ts';
import { medianOfRuns } from './harness/repeat.ts';
import { formatTable, ratioOf, verdict, writeRun, type BenchRun } from './harness/report.ts';
import type { BenchContext, ScenarioReport, ScenarioResult } from './harness/types.ts';
import { SCENARIOS } from './scenarios/index.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const names = args.filter((a) => !a.startsWith('--'));
const repeatArg = args.find((a) => a.startsWith('--repeat='));
const repeat = repeatArg === undefined ? 1 : Number(repeatArg.slice('--repeat='.length));
if (!Number.isInteger(repeat) || repeat < 1 || repeat > 20) {
  console.error(`--repeat takes a whole number of runs from 1 to 20, not "${repeatArg}".`);
  process.exit(2);
}

if (args.includes('--list') || args.includes('--help')) {
  for (const s of SCENARIOS) console.log(`${s.name.padEnd(22)} ${s.description}`);
  process.exit(0);
}
const unknown = names.filter((n) => !SCENARIOS.some((s) => s.name === n));
if (unknown.length) {
  console.error(`Unknown scenario: ${unknown.join(', ')}. Known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  process.exit(2);
}
const selected = names.length ? SCENARIOS.filter((s) => names.includes(s.name)) : SCENARIOS;

const benchStarted = performance.now();
const stamp = () => `${((performance.now() - benchStarted) / 1000).toFixed(1).padStart(6)} s`;
const ctx: BenchContext = {
  quick,
  root,
  cacheDir: join(root, 'bench', '.cache'),
  log: (message) => console.log(`[${stamp()}] ${message}`),
};

const startedAt = new Date().toISOString();
if (selected.some((s) => s.browser)) await ensureRendererBuilt(root, ctx.log);

const results: ScenarioResult[] = [];
for (const scenario of selected) {
  ctx.log(`▶ ${scenario.name}${quick ? ' (quick)' : ''}`);
  const load = await sampleIdleLoad();
  if (load.busyPct !== null && load.busyPct > 25) {
    ctx.log(
      `  the machine is ${load.busyPct}% busy before the scenario starts (other processes): expect noise`,
    );
  }
  const started = performance.now();
  let error: string | undefined;
  const runs: ScenarioReport[] = [];
  for (let i = 0; i < repeat && error === undefined; i++) {
    const runReport: ScenarioReport = { params: {}, metrics: [], notes: [] };
    runs.push(runReport);
    try {
      const tag = repeat > 1 ? ` (run ${i + 1} of ${repeat})` : '';
      await scenario.run(
        { ...ctx, earlier: results, log: (m) => ctx.log(`  ${scenario.name}${tag}: ${m}`) },
        runReport,
      );
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
      ctx.log(`  ${scenario.name} failed: ${error}`);
    }
  }
  // A failed run keeps what it measured before failing; otherwise each metric's median run.
  const report = error === undefined ? medianOfRuns(runs) : runs.at(-1)!;
  const durationMs = Math.round(performance.now() - started);
  // Appended after the scenario's own params: the machine's load just before it started.
  report.params.machineBusyPctBefore = load.busyPct ?? 'n/a';
  report.params.loadAvg1mBefore = load.loadAvg1m;
  results.push({ name: scenario.name, description: scenario.description, ...report, durationMs, error });
  ctx.log(`■ ${scenario.name} in ${(durationMs / 1000).toFixed(1)} s`);
}
closeHttpAgent();

console.log(`\n${formatTable(results)}\n`);
for (const r of results) for (const note of r.notes) console.log(`• ${r.name}: ${note}`);

const run: BenchRun = {
  startedAt,
  finishedAt: new Date().toISOString(),
  quick,
  machine: {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
  },
  scenarios: results.map((r) => ({
    ...r,
    metrics: r.metrics.map((m) => ({ ...m, ratio: ratioOf(m), verdict: verdict(m) })),
  })),
};
const out = join(root, 'bench', 'results', 'latest.json');
await writeRun(out, run);
console.log(`\nWrote ${out} (total ${stamp().trim()}).`);
process.exit(results.some((r) => r.error) ? 1 : 0);
