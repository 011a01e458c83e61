import { PhoneOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useWorkspace } from '../../app/services.tsx';
import type { CachedTicket } from '../../db/types.ts';
import { useAppStore } from '../../store/index.ts';
import { useOpenCase } from '../case/openCase.ts';
import { useActiveTickets } from '../queue/useQueue.ts';

/** Timers longer than this are re-armed (setTimeout overflows past ~24.8 days; clocks drift). */
const MAX_WAIT_MS = 60 * 60_000;

interface MyCallback {
  ticket: CachedTicket;
  callbackId: string;
  dueAt: number;
}

/** The signed-in agent's open callbacks on active tickets (Ticket.nextCallback, server-derived). */
function myCallbacks(active: readonly CachedTicket[] | undefined, agentId: string | null): MyCallback[] {
  if (!active || agentId === null) return [];
  return active.flatMap((ticket) => {
    const cb = ticket.nextCallback;
    return cb && cb.agentId === agentId ? [{ ticket, callbackId: cb.callbackId, dueAt: cb.dueAt }] : [];
  });
}

/**
 * Reminds the agent when one of their callbacks falls due: one notification per callback and due
 * time (a rescheduled callback reminds again), staying until dismissed, with a button that opens
 * the ticket. Callbacks already overdue when the workspace opens remind at once. Mount once, in
 * the workspace.
 */
export function useCallbackReminders(): void {
  const { t } = useTranslation();
  const { notification } = App.useApp();
  const { db } = useWorkspace();
  const agentId = useAppStore((s) => s.agent?.id ?? null);
  const openCase = useOpenCase();
  const active = useActiveTickets(db);
  const mine = useMemo(() => myCallbacks(active, agentId), [active, agentId]);
  const reminded = useRef(new Set<string>());
  const [wakeUps, setWakeUps] = useState(0);

  useEffect(() => {
    const now = Date.now();
    let next = Infinity;
    for (const cb of mine) {
      if (cb.dueAt > now) {
        next = Math.min(next, cb.dueAt);
        continue;
      }
      const key = `${cb.callbackId}@${cb.dueAt}`;
      if (reminded.current.has(key)) continue;
      reminded.current.add(key);
      const { id, number, subject } = cb.ticket;
      notification.info({
        key,
        title: t('workspace.callbacks.dueTitle'),
        description: t('workspace.callbacks.dueDescription', { number, subject }),
        icon: <PhoneOutlined aria-hidden />,
        duration: false,
        // Bottom left, over the queue's end: never over the header controls or the composer's send.
        placement: 'bottomLeft',
        role: 'alert',
        actions: (
          <Button
            type="primary"
            size="small"
            onClick={() => {
              openCase(id);
              notification.destroy(key);
            }}
          >
            {t('workspace.callbacks.open', { number })}
          </Button>
        ),
      });
    }
    if (next === Infinity) return;
    const timer = setTimeout(() => setWakeUps((n) => n + 1), Math.min(next - now, MAX_WAIT_MS));
    return () => clearTimeout(timer);
  }, [mine, wakeUps, notification, openCase, t]);
}
