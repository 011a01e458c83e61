import { describe, expect, it } from 'vitest';
import { makeMessage, uid } from '../../../test/fixtures.ts';
import { createLocalEchoes } from './localEchoes.ts';

const ticketId = uid();
const draft = (eventId: string) => ({ eventId, mode: 'reply' as const, authorId: null, body: '您好' });

describe('local echoes', () => {
  it('shows a sent entry until the cache holds it, telling subscribers each time', () => {
    const echoes = createLocalEchoes({ id: ticketId, channel: 'email' });
    let calls = 0;
    echoes.subscribe(() => (calls += 1));
    const id = uid();
    echoes.show(draft(id));
    expect(echoes.current()).toMatchObject([
      { id, ticketId, kind: 'message', direction: 'outbound', channel: 'email', authorType: 'agent' },
    ]);
    echoes.prune([makeMessage(ticketId, {})]);
    expect(echoes.current()).toHaveLength(1);
    echoes.prune([makeMessage(ticketId, { id })]);
    expect(echoes.current()).toEqual([]);
    expect(calls).toBe(2);
  });

  it('forgets a committed entry at the next read even if that read lacks it (never a ghost)', () => {
    const echoes = createLocalEchoes({ id: ticketId, channel: 'chat' });
    const [a, b] = [uid(), uid()];
    echoes.show(draft(a));
    echoes.show({ ...draft(b), mode: 'note' });
    echoes.settle(a);
    echoes.prune([]);
    expect(echoes.current().map((e) => [e.id, e.kind])).toEqual([[b, 'note']]);
    echoes.drop(b);
    expect(echoes.current()).toEqual([]);
  });
});
