import { describe, expect, it } from 'vitest';
import { MUTATION_NAMES } from '@shared/sync/mutations.ts';
import { REJECT_REASONS } from '@shared/sync/protocol.ts';
import { en } from '../../i18n/locales/en.ts';
import { zhCN } from '../../i18n/locales/zh-CN.ts';
import { mayRetryAsNew, rejectionParams } from './rejectionActions.ts';

describe('mayRetryAsNew', () => {
  it('offers a retry only where the refusal depended on a state that may have moved on', () => {
    const retryable = REJECT_REASONS.filter(mayRetryAsNew);
    expect(retryable).toEqual(['invalid_transition', 'survey_not_allowed']);
    expect(mayRetryAsNew('unknown')).toBe(true);
  });

  it('never offers a retry when someone else holds the ticket or the same data would clash again', () => {
    for (const reason of ['already_claimed', 'not_assignee', 'duplicate_rma', 'ticket_closed', 'forbidden'])
      expect(mayRetryAsNew(reason)).toBe(false);
    expect(mayRetryAsNew('invalid_args')).toBe(false);
  });
});

describe('rejectionParams', () => {
  const now = new Date(2026, 0, 5, 18, 0).getTime();

  it('turns a claim time into the time of day, offered as `time` too', () => {
    const at = new Date(2026, 0, 5, 9, 30).getTime();
    const params = rejectionParams({ agentId: 'a', displayName: '王芳', at }, 'zh-CN', now);
    expect(params).toMatchObject({ displayName: '王芳', at: '09:30', time: '09:30' });
  });

  it('formats refund amounts in fen as yuan and passes other values through', () => {
    const params = rejectionParams({ orderTotal: 12_345, alreadyRefunded: 5_000, note: 'x' }, 'zh-CN', now);
    expect(params.orderTotal).toMatch(/123\.45/);
    expect(params.alreadyRefunded).toMatch(/50\.00/);
    expect(params.note).toBe('x');
    expect(rejectionParams(null, 'en', now)).toEqual({});
  });
});

describe('sync panel strings', () => {
  it('names every mutation in both languages', () => {
    for (const name of MUTATION_NAMES) {
      expect(zhCN.syncPanel.mutation[name], name).toBeTruthy();
      expect(en.syncPanel.mutation[name], name).toBeTruthy();
    }
  });

  it('has a message for every reject reason in both languages', () => {
    for (const reason of REJECT_REASONS) {
      expect(zhCN.sync.reject[reason], reason).toBeTruthy();
      expect(en.sync.reject[reason], reason).toBeTruthy();
    }
  });
});
