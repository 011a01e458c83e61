import { useLiveQuery } from 'dexie-react-hooks';
import { mayActAsOwner } from '@shared/ticket/ownership.ts';
import { useTranslation } from 'react-i18next';
import { useWorkspace } from '../../app/services.tsx';
import type { CachedTicket } from '../../db/types.ts';
import { useAppStore } from '../../store/index.ts';

export interface Ownership {
  /** The agent may make owner-only changes: the ticket is theirs or nobody's. */
  isOwner: boolean;
  /** Someone else holds the ticket (a take-over is possible). */
  heldByOther: boolean;
  /** The holder's name, or a generic one while their row is not cached. */
  holderName: string | null;
  /** Why owner-only controls are disabled (tooltip and accessible description), null when they are not. */
  reason: string | null;
}

/** Whose ticket this is, from the signed-in agent's point of view (shared mayActAsOwner). */
export function useOwnership(ticket: CachedTicket): Ownership {
  const { t } = useTranslation();
  const { db } = useWorkspace();
  const me = useAppStore((s) => s.agent?.id ?? null);
  const holder = useLiveQuery(
    () => (ticket.assigneeId ? db.agents.get(ticket.assigneeId) : undefined),
    [db, ticket.assigneeId],
  );
  // Until the session is known (tests, a window still signing in) the server is left to decide.
  const isOwner = me === null || mayActAsOwner(ticket, me);
  const holderName = ticket.assigneeId ? (holder?.displayName ?? t('actions.ownership.unknownAgent')) : null;
  return {
    isOwner,
    heldByOther: !isOwner,
    holderName,
    reason: isOwner ? null : t('actions.ownerOnly', { name: holderName ?? '' }),
  };
}
