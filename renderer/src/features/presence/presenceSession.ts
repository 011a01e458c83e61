import type { CareDeskApi } from '@shared/api/contract.ts';
import type { PresenceEntry } from '@shared/sync/presence.ts';

/** Typing counts as stopped after this long without a keystroke. */
export const TYPING_IDLE_MS = 4_000;

const NOBODY: readonly PresenceEntry[] = Object.freeze([]);

/**
 * One window's presence, shared by every component that shows or reports it: the case view, its
 * banner and its composer all open the same ticket, and the main process must hear it once. What
 * this window reports is decided in a microtask, so a remount (React's StrictMode, a tab switch)
 * that closes and reopens a ticket within one turn sends nothing at all.
 */
export interface PresenceSession {
  /** Reports the ticket as viewed until the returned release is called (counted per caller). */
  open(ticketId: string): () => void;
  /** A keystroke on `ticketId`: reports typing once, and not typing after TYPING_IDLE_MS of quiet. */
  typing(ticketId: string): void;
  /** Who else is on `ticketId`, kept fresh while someone listens. */
  others(ticketId: string): readonly PresenceEntry[];
  subscribe(ticketId: string, listener: () => void): () => void;
}

const sessions = new WeakMap<CareDeskApi, PresenceSession>();

export function presenceSession(api: CareDeskApi): PresenceSession {
  let session = sessions.get(api);
  if (!session) {
    session = createPresenceSession(api);
    sessions.set(api, session);
  }
  return session;
}

function createPresenceSession(api: CareDeskApi): PresenceSession {
  // Reporting: the most recently opened ticket that is still open, and whether it is being typed on.
  const opened: string[] = [];
  let typingOn: string | null = null;
  let idle: ReturnType<typeof setTimeout> | undefined;
  let reported = { ticketId: null as string | null, typing: false };
  let flushQueued = false;

  function flush() {
    flushQueued = false;
    const ticketId = opened.at(-1) ?? null;
    const next = { ticketId, typing: ticketId !== null && typingOn === ticketId };
    if (next.ticketId === reported.ticketId && next.typing === reported.typing) return;
    reported = next;
    // Presence is best-effort: signed out or offline, the main process's heartbeat has it covered.
    api.presence.set(next).catch(() => undefined);
  }
  function scheduleReport() {
    if (flushQueued) return;
    flushQueued = true;
    queueMicrotask(flush);
  }
  function stopTyping() {
    clearTimeout(idle);
    idle = undefined;
    typingOn = null;
  }

  // Reading: one list per ticket with listeners, refreshed on presence.changed.
  const rooms = new Map<
    string,
    { entries: readonly PresenceEntry[]; listeners: Set<() => void>; asked: number }
  >();
  let unsubscribeEvents: (() => void) | null = null;

  async function refresh(ticketId: string) {
    const room = rooms.get(ticketId);
    if (!room) return;
    const asked = ++room.asked;
    const list = await api.presence.get({ ticketId }).catch(() => ({ entries: [] }));
    // An older answer arriving after a newer one must not win.
    if (rooms.get(ticketId) !== room || room.asked !== asked) return;
    setEntries(ticketId, list.entries.length ? list.entries : NOBODY);
  }
  function setEntries(ticketId: string, entries: readonly PresenceEntry[]) {
    const room = rooms.get(ticketId);
    if (!room || (room.entries === NOBODY && entries === NOBODY)) return;
    room.entries = entries;
    for (const listener of [...room.listeners]) listener();
  }
  function listenToEvents() {
    const refreshAll = () => {
      for (const ticketId of rooms.keys()) void refresh(ticketId);
    };
    const offs = [
      api.on('presence.changed', refreshAll),
      api.on('sync.online', refreshAll),
      // Presence is online-only: offline, nobody can be shown as here.
      api.on('sync.offline', () => {
        for (const ticketId of rooms.keys()) setEntries(ticketId, NOBODY);
      }),
    ];
    return () => offs.forEach((off) => off());
  }

  return {
    open(ticketId) {
      opened.push(ticketId);
      scheduleReport();
      let released = false;
      return () => {
        if (released) return;
        released = true;
        opened.splice(opened.lastIndexOf(ticketId), 1);
        if (!opened.includes(ticketId) && typingOn === ticketId) stopTyping();
        scheduleReport();
      };
    },
    typing(ticketId) {
      if (!opened.includes(ticketId)) return;
      clearTimeout(idle);
      idle = setTimeout(() => {
        stopTyping();
        scheduleReport();
      }, TYPING_IDLE_MS);
      if (typingOn === ticketId) return;
      typingOn = ticketId;
      scheduleReport();
    },
    others: (ticketId) => rooms.get(ticketId)?.entries ?? NOBODY,
    subscribe(ticketId, listener) {
      let room = rooms.get(ticketId);
      if (!room) {
        room = { entries: NOBODY, listeners: new Set(), asked: 0 };
        rooms.set(ticketId, room);
        void refresh(ticketId);
      }
      room.listeners.add(listener);
      unsubscribeEvents ??= listenToEvents();
      const mine = room;
      return () => {
        mine.listeners.delete(listener);
        if (mine.listeners.size || rooms.get(ticketId) !== mine) return;
        rooms.delete(ticketId);
        if (!rooms.size) {
          unsubscribeEvents?.();
          unsubscribeEvents = null;
        }
      };
    },
  };
}
