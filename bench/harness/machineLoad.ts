import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';

async function cpuTimes(): Promise<{ busy: number; total: number } | null> {
  try {
    const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0]!;
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = (v[3] ?? 0) + (v[4] ?? 0);
    const total = v.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return null; // not Linux
  }
}

/**
 * How busy the machine is while this bench is idle (`ms` of sampling, machine-wide, all cores), and
 * the 1-minute load average: numbers taken on a shared machine are only as good as its quiet.
 */
export async function sampleIdleLoad(ms = 1_000): Promise<{ busyPct: number | null; loadAvg1m: number }> {
  const a = await cpuTimes();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const b = await cpuTimes();
  const busyPct =
    a && b && b.total > a.total ? Math.round((100 * (b.busy - a.busy)) / (b.total - a.total)) : null;
  return { busyPct, loadAvg1m: Math.round(loadavg()[0]! * 100) / 100 };
}
