import { describe, expect, it, vi } from 'vitest';
import type { MainServices } from '../services/mainServices.ts';
import { createEventHub } from '../services/eventHub.ts';
import { createHostSessionRegistry } from './hostSessions.ts';

function stubServices() {
  return {
    handlers: {},
    events: createEventHub(),
    dispose: vi.fn(async () => undefined),
  } as unknown as MainServices & {
    dispose: ReturnType<typeof vi.fn>;
  };
}

describe('host sessions', () => {
  it('disposes sessions idle for an hour, but not those still in use or still listening', () => {
    let now = 0;
    const created: ReturnType<typeof stubServices>[] = [];
    const registry = createHostSessionRegistry({
      now: () => now,
      createServices: () => {
        const services = stubServices();
        created.push(services);
        return services;
      },
    });
    const idle = registry.open();
    const busy = registry.open();
    const listening = registry.open();
    const endStream = vi.fn();
    listening.streams.add(endStream);

    now = 59 * 60_000;
    registry.touch(busy.id);
    now = 61 * 60_000;
    expect(registry.sweep()).toBe(1);
    expect(registry.touch(idle.id)).toBeUndefined();
    expect(created[0]!.dispose).toHaveBeenCalledOnce();
    expect(registry.touch(busy.id)).toBe(busy);
    expect(registry.touch(listening.id)).toBe(listening);
    expect(endStream).not.toHaveBeenCalled();
  });

  it('evicts the least recently used session past the cap, ending its streams', () => {
    let now = 0;
    const registry = createHostSessionRegistry({
      now: () => now,
      maxSessions: 2,
      createServices: stubServices,
    });
    const first = registry.open();
    const end = vi.fn();
    first.streams.add(end);
    now = 1;
    registry.open();
    now = 2;
    registry.open();
    expect(registry.size()).toBe(2);
    expect(registry.touch(first.id)).toBeUndefined();
    expect(end).toHaveBeenCalledOnce();
  });

  it('gives every session an unguessable id', () => {
    const registry = createHostSessionRegistry({ createServices: stubServices });
    const ids = new Set(Array.from({ length: 20 }, () => registry.open().id));
    expect(ids.size).toBe(20);
    for (const id of ids) expect(Buffer.from(id, 'base64url').length).toBe(24);
  });
});
