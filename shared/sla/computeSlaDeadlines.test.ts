import fc from 'fast-check';
import { Category, Channel } from '../domain/index.ts';
import { computeSlaDeadlines, nextDeadline, slaState } from './computeSlaDeadlines.ts';
import { DUE_SOON_MS } from './policies.ts';

describe('SLA deadlines', () => {
  it('answers the phone in 15 s, chat in 30 s and email in 4 h', () => {
    const at = (channel: Channel) =>
      computeSlaDeadlines({ channel, category: 'order_query', createdAt: 0 }).firstResponseDueAt;
    expect(at('phone')).toBe(15_000);
    expect(at('chat')).toBe(30_000);
    expect(at('email')).toBe(4 * 3600_000);
  });

  it('holds complaints to a shorter resolution clock than after-sales cases', () => {
    const due = (category: Category) =>
      computeSlaDeadlines({ channel: 'email', category, createdAt: 0 }).resolutionDueAt;
    expect(due('complaint')).toBeLessThan(due('after_sales'));
  });

  it('puts every deadline after creation, first response before resolution', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...Channel.options),
        fc.constantFrom(...Category.options),
        fc.integer({ min: 0, max: 4_000_000_000_000 }),
        (channel, category, createdAt) => {
          const d = computeSlaDeadlines({ channel, category, createdAt });
          expect(d.firstResponseDueAt).toBeGreaterThan(createdAt);
          expect(d.resolutionDueAt).toBeGreaterThan(d.firstResponseDueAt);
        },
      ),
    );
  });

  it('tells ok, due soon, breached and met apart', () => {
    expect(slaState(1_000_000, null, 0)).toBe('ok');
    expect(slaState(DUE_SOON_MS, null, 1)).toBe('due_soon');
    expect(slaState(100, null, 101)).toBe('breached');
    expect(slaState(100, 90, 500)).toBe('met');
    expect(slaState(100, 120, 500)).toBe('breached');
  });

  it('watches the first-response clock until the first reply, then resolution', () => {
    const t = { firstResponseAt: null, firstResponseDueAt: 10, resolvedAt: null, resolutionDueAt: 99 };
    expect(nextDeadline(t)).toEqual({ kind: 'first_response', dueAt: 10 });
    expect(nextDeadline({ ...t, firstResponseAt: 5 })).toEqual({ kind: 'resolution', dueAt: 99 });
    expect(nextDeadline({ ...t, firstResponseAt: 5, resolvedAt: 50 })).toBeNull();
  });
});
