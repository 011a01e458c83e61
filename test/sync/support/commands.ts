import fc from 'fast-check';
import type { MutationName } from '@shared/sync/mutations.ts';
import { LocalMutationError } from '../../../renderer/src/sync/localMutators.ts';
import { quotaExceeded, SimulatedCrash } from '../../support/storageFaults.ts';
import { NO_FAULTS, type FaultProfile } from './faultyNetwork.ts';
import type { Op, SimDesk, World } from './world.ts';

/**
 * The fault model as fast-check commands (fc.commands + fc.asyncModelRun). The real system is a
 * World: the sync server and N desks. Commands run one after another, but each desk syncs in the
 * background while they do, so pushes, pulls, pokes, retries and faults interleave freely. The
 * model only counts what was attempted; what must hold is checked after healing (invariants.ts),
 * against the server's log replayed through the serial model.
 */
export interface RunModel {
  attempted: number;
  crashes: number;
  restarts: number;
  quotaErrors: number;
}

type Cmd = fc.AsyncCommand<RunModel, World, false>;

const CORE_OPS = [
  {
    weight: 5,
    arbitrary: fc.record({ kind: fc.constantFrom('reply', 'note', 'call'), ticket: fc.nat(999) }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('status'),
      ticket: fc.nat(999),
      pick: fc.nat(999),
      blind: fc.nat(9).map((n) => n === 0),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('claim'), ticket: fc.nat(999) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('assign'), ticket: fc.nat(999), assignee: fc.nat(9) }),
  },
];

/**
 * One agent action. With `afterSales`, refunds (the order-total cap) and callbacks join the mix; the
 * scale run keeps the core mix, so its fixed seed still yields the command list it is sized for.
 */
export function opArb(afterSales = false): fc.Arbitrary<Op> {
  const extra = {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constantFrom('refund', 'callback'),
      ticket: fc.nat(999),
      pick: fc.nat(999),
    }),
  };
  return fc.oneof(...(afterSales ? [...CORE_OPS, extra] : CORE_OPS)) as fc.Arbitrary<Op>;
}

const PROFILES: Record<string, FaultProfile> = {
  clean: NO_FAULTS,
  lossy: { dropRequest: 0.1, dropResponse: 0.15, duplicate: 0.1, delay: 0.2, maxDelayMs: 20 },
  chaos: { dropRequest: 0.3, dropResponse: 0.3, duplicate: 0.3, delay: 0.5, maxDelayMs: 40 },
};

const deskOf = (world: World, n: number): SimDesk => world.desks[n % world.desks.length]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Several agents work at once, each through its own sequence of actions. */
class Work implements Cmd {
  constructor(readonly batches: ReadonlyArray<{ desk: number; ops: Op[] }>) {}
  check = () => true;
  async run(model: RunModel, world: World) {
    await Promise.all(
      this.batches.map(async ({ desk, ops }) => {
        for (const op of ops) await world.perform(deskOf(world, desk), op);
      }),
    );
    model.attempted += this.batches.reduce((n, b) => n + b.ops.length, 0);
  }
  toString = () => `Work(${this.batches.map((b) => `${b.desk}×${b.ops.length}`).join(',')})`;
}

/** A desk's network degrades, goes offline or comes back. */
class Network implements Cmd {
  constructor(
    readonly desk: number | 'all',
    readonly profile: keyof typeof PROFILES | 'offline',
  ) {}
  check = () => true;
  async run(_model: RunModel, world: World) {
    const desks = this.desk === 'all' ? world.desks : [deskOf(world, this.desk)];
    for (const d of desks) {
      d.network.offline = this.profile === 'offline';
      if (this.profile !== 'offline') d.network.profile = { ...PROFILES[this.profile]! };
    }
  }
  toString = () => `Network(${this.desk}, ${this.profile})`;
}

/** A desk syncs now (a poke, the agent pressing sync), success or not. */
class Sync implements Cmd {
  constructor(readonly desk: number) {}
  check = () => true;
  async run(_model: RunModel, world: World) {
    const engine = deskOf(world, this.desk).desk.engine;
    await Promise.allSettled([engine.pushNow(), engine.pullNow()]);
  }
  toString = () => `Sync(${this.desk})`;
}

/** The renderer dies right after a local write, before (cut) or while its push goes out, and reloads. */
class CrashAfterWrite implements Cmd {
  constructor(
    readonly desk: number,
    readonly ops: Op[],
    readonly cut: boolean,
  ) {}
  check = () => true;
  async run(model: RunModel, world: World) {
    const d = deskOf(world, this.desk);
    const wasOffline = d.network.offline;
    if (this.cut) d.network.offline = true;
    for (const op of this.ops) await world.perform(d, op);
    await d.desk.reload();
    d.network.offline = wasOffline;
    model.attempted += this.ops.length;
    model.crashes += 1;
  }
  toString = () => `CrashAfterWrite(${this.desk}, ${this.ops.length}, cut=${this.cut})`;
}

/** The renderer dies at a chosen write while it syncs (mid-pull, mid-ack), then reloads. */
class CrashMidSync implements Cmd {
  constructor(
    readonly desk: number,
    readonly atWrite: number,
  ) {}
  check = () => true;
  async run(model: RunModel, world: World) {
    const d = deskOf(world, this.desk);
    d.desk.window.storage.failWrite(this.atWrite, () => new SimulatedCrash());
    await d.desk.engine.pullNow().catch(() => undefined);
    await d.desk.reload();
    model.crashes += 1;
  }
  toString = () => `CrashMidSync(${this.desk}, write ${this.atWrite})`;
}

class RestartServer implements Cmd {
  check = () => true;
  async run(model: RunModel, world: World) {
    await world.server.restart();
    model.restarts += 1;
  }
  toString = () => 'RestartServer';
}

/** A second window over the same database works alongside the first, then closes. */
class TwoWindows implements Cmd {
  constructor(
    readonly desk: number,
    readonly ops: Op[],
  ) {}
  check = () => true;
  async run(model: RunModel, world: World) {
    const d = deskOf(world, this.desk);
    const second = await d.desk.openWindow();
    const windows = [d.desk.window, second];
    await Promise.all(
      windows.map(async (w, i) => {
        for (const op of this.ops.filter((_, j) => j % 2 === i)) await world.perform(d, op, w);
      }),
    );
    await Promise.allSettled([second.engine.pushNow(), d.desk.engine.pushNow()]);
    second.close();
    model.attempted += this.ops.length;
  }
  toString = () => `TwoWindows(${this.desk}, ${this.ops.length})`;
}

/** The disk fills up at a chosen write: a mutation fails whole (storage_full) or goes through. */
class DiskFull implements Cmd {
  constructor(
    readonly desk: number,
    readonly atWrite: number,
    readonly op: Op,
  ) {}
  check = () => true;
  async run(model: RunModel, world: World) {
    const d = deskOf(world, this.desk);
    const window = d.desk.window;
    const before = await window.db.outbox.count();
    window.storage.failWrite(this.atWrite, quotaExceeded);
    const outcome = await world.perform(d, this.op);
    window.storage.disarm();
    if (outcome === 'storage_full') {
      model.quotaErrors += 1;
      const after = await window.db.outbox.count();
      // Nothing half-written: the failed mutation added nothing (a concurrent ack may remove entries).
      if (after > before) throw new Error(`storage_full, yet the outbox grew ${before} → ${after}`);
    }
    model.attempted += 1;
  }
  toString = () => `DiskFull(${this.desk}, write ${this.atWrite})`;
}

/** The agent deals with the oldest refusal: discards it, or re-issues it as a new mutation. */
class ResolveRejected implements Cmd {
  constructor(
    readonly desk: number,
    readonly retry: boolean,
  ) {}
  check = () => true;
  async run(_model: RunModel, world: World) {
    const d = deskOf(world, this.desk);
    const { engine, db } = d.desk;
    const first = await db.rejected.orderBy('id').first();
    if (!first) return;
    if (!this.retry) {
      await engine.discardRejected(first.id);
      d.resolved.add(first.id);
      return;
    }
    try {
      const id = await engine.retryRejectedAsNew(first.id);
      const entry = (await db.outbox.get(id))!;
      d.issued.set(id, { name: entry.name as MutationName, args: entry.args } as never);
      d.resolved.add(first.id);
    } catch (err) {
      if (!(err instanceof LocalMutationError)) throw err;
    }
  }
  toString = () => `ResolveRejected(${this.desk}, ${this.retry ? 'retry' : 'discard'})`;
}

class Pause implements Cmd {
  constructor(readonly ms: number) {}
  check = () => true;
  async run(_model: RunModel, world: World) {
    if (world.server.pokes === 'manual') world.server.pokeAll();
    await sleep(this.ms);
  }
  toString = () => `Pause(${this.ms})`;
}

export interface CommandScale {
  desks: number;
  /** Most desks acting in one Work command, and most actions each. */
  workDesks: number;
  workOps: number;
  /** Refunds and callbacks in the work mix too (see opArb). */
  afterSales?: boolean;
}

/** Every command, weighted: mostly work, with faults, crashes and restarts mixed in. */
export function commandArbs(scale: CommandScale): fc.Arbitrary<Cmd>[] {
  const desk = fc.nat(scale.desks - 1);
  const op = opArb(scale.afterSales);
  const ops = (max: number) => fc.array(op, { minLength: 1, maxLength: max, size: 'max' });
  const profile = fc.constantFrom('clean', 'lossy', 'chaos', 'offline') as fc.Arbitrary<
    keyof typeof PROFILES | 'offline'
  >;
  const command: fc.Arbitrary<Cmd> = fc.oneof(
    {
      weight: 40,
      arbitrary: fc
        .array(fc.record({ desk, ops: ops(scale.workOps) }), {
          minLength: 1,
          maxLength: scale.workDesks,
          size: 'max',
        })
        .map((batches) => new Work(batches)),
    },
    { weight: 8, arbitrary: fc.tuple(desk, profile).map(([d, p]) => new Network(d, p)) },
    { weight: 2, arbitrary: profile.map((p) => new Network('all', p)) },
    { weight: 3, arbitrary: desk.map((d) => new Sync(d)) },
    {
      weight: 3,
      arbitrary: fc.tuple(desk, ops(4), fc.boolean()).map(([d, o, cut]) => new CrashAfterWrite(d, o, cut)),
    },
    { weight: 3, arbitrary: fc.tuple(desk, fc.nat(40)).map(([d, n]) => new CrashMidSync(d, n)) },
    { weight: 1, arbitrary: fc.constant(new RestartServer()) },
    { weight: 2, arbitrary: fc.tuple(desk, ops(12)).map(([d, o]) => new TwoWindows(d, o)) },
    { weight: 2, arbitrary: fc.tuple(desk, fc.nat(8), op).map(([d, n, o]) => new DiskFull(d, n, o)) },
    { weight: 2, arbitrary: fc.tuple(desk, fc.boolean()).map(([d, retry]) => new ResolveRejected(d, retry)) },
    { weight: 4, arbitrary: fc.integer({ min: 5, max: 60 }).map((ms) => new Pause(ms)) },
  );
  return [command];
}
