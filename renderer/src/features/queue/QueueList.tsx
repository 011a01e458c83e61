import { QuestionCircleOutlined } from '@ant-design/icons';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Button, Empty, Flex, Spin, Tooltip, Typography, type InputRef } from 'antd';
import {
  useCallback,
  useDeferredValue,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
} from 'react';
import { useTranslation } from 'react-i18next';
import { useWorkspace } from '../../app/services.tsx';
import type { CachedTicket } from '../../db/types.ts';
import { useAppStore } from '../../store/index.ts';
import { useNow } from '../../ui/useNow.ts';
import { useOpenCase } from '../case/openCase.ts';
import { useTicketActions } from '../case/useTicketActions.ts';
import { useShortcut } from '../shortcuts/useShortcut.ts';
import { QueueRow } from './QueueRow.tsx';
import { QueueToolbar } from './QueueToolbar.tsx';
import { useCustomerNames } from './customerNames.ts';
import { useQueueSummary } from './useQueue.ts';
import './queue.css';

/** Every row's height (styles.css .cd-queue-row): rows are placed, never measured. */
const ROW_HEIGHT = 96;
/** Views that depend on the clock (due soon, breached) are recounted this often; row clocks tick alone. */
const COUNT_TICK_MS = 15_000;

const NO_TICKETS: readonly CachedTicket[] = [];

const optionId = (ticketId: string) => `queue-option-${ticketId}`;

export interface QueueListProps {
  /** What `c` does to the focused ticket; the shared ticket actions (useTicketActions) by default. */
  onClaim?(ticketId: string): void;
}

/**
 * The agent's queue: search, views with counts, filters, sort, saved views, and a virtualised
 * listbox. Click or Enter opens a case; j/k or the arrow keys move; c claims; / searches.
 */
export function QueueList({ onClaim }: QueueListProps) {
  const { t } = useTranslation();
  const { db } = useWorkspace();
  const agent = useAppStore((s) => s.agent);
  const query = useDeferredValue(useAppStore((s) => s.queueQuery));
  const selectedTicketId = useAppStore((s) => s.selectedTicketId);
  const openCase = useOpenCase();
  const openShortcuts = useAppStore((s) => s.setShortcutsOpen);
  const actions = useTicketActions();
  const claim = onClaim ?? actions.claim;
  // Deferred: the periodic recount (summariseQueue over every active ticket) renders in a transition,
  // never inside the task of a scroll frame or a click.
  const now = useDeferredValue(useNow(COUNT_TICK_MS));
  const summary = useQueueSummary(db, query, agent, now);
  const scrollRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<InputRef>(null);
  const [activeIndex, setActiveIndex] = useState(0);
  const [focusRequest, setFocusRequest] = useState<string | null>(null);

  const tickets = summary?.tickets ?? NO_TICKETS;
  // Stable per queue: TanStack Virtual re-places every row (O(n), ~25 ms at 56k) whenever getItemKey's
  // identity changes, which a fresh closure would do on every render, scroll frames included.
  const getItemKey = useCallback((index: number) => tickets[index]?.id ?? index, [tickets]);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual is not memoisable; this component owns it.
  const virtualizer = useVirtualizer({
    count: tickets.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    // Rows are cheap and placed without measuring: a few beyond the viewport cover a wheel flick,
    // and a scroll-bar drag (all rows new every frame) renders no more than it must.
    overscan: 4,
    getItemKey,
  });
  const virtualItems = virtualizer.getVirtualItems();
  // A fling: while scrolling, the rendered range moved by at least its own length since the last
  // render (a scroll-bar drag), so every row is new and none stays on screen to be read. Rows then
  // render light and ask for no names; the end of scrolling re-renders them whole.
  const firstIndex = virtualItems[0]?.index ?? 0;
  const [scrollStep, setScrollStep] = useState({ first: firstIndex, jump: 0 });
  if (scrollStep.first !== firstIndex)
    setScrollStep({ first: firstIndex, jump: Math.abs(firstIndex - scrollStep.first) });
  const flinging = virtualizer.isScrolling && scrollStep.jump >= Math.max(1, virtualItems.length);
  const customerName = useCustomerNames(
    db,
    flinging ? [] : virtualItems.flatMap((item) => tickets[item.index]?.customerId ?? []),
  );

  // Memoised: a scan of every active ticket (56k at 100k cached) on each scroll frame's render adds up.
  const selectedIndex = useMemo(
    () => (selectedTicketId === null ? -1 : tickets.findIndex((ticket) => ticket.id === selectedTicketId)),
    [tickets, selectedTicketId],
  );
  const focusIndex = Math.min(
    selectedIndex >= 0 ? selectedIndex : activeIndex,
    Math.max(tickets.length - 1, 0),
  );

  useEffect(() => {
    if (!focusRequest) return;
    document.getElementById(optionId(focusRequest))?.focus();
    setFocusRequest(null);
  }, [focusRequest, virtualizer]);

  function move(index: number) {
    const next = Math.max(0, Math.min(tickets.length - 1, index));
    const ticket = tickets[next];
    if (!ticket) return;
    setActiveIndex(next);
    if (selectedIndex >= 0) openCase(ticket.id, ticket);
    virtualizer.scrollToIndex(next);
    setFocusRequest(ticket.id);
  }

  /** j/k from outside the list first land on the current row, then move. */
  function step(delta: 1 | -1) {
    const inList = scrollRef.current?.contains(document.activeElement) ?? false;
    move(inList ? focusIndex + delta : focusIndex);
  }

  useShortcut('j', (e) => {
    e.preventDefault();
    step(1);
  });
  useShortcut('k', (e) => {
    e.preventDefault();
    step(-1);
  });
  useShortcut('c', (e) => {
    const ticket = tickets[focusIndex];
    if (!ticket) return;
    e.preventDefault();
    claim(ticket.id);
  });
  useShortcut('/', (e) => {
    e.preventDefault();
    searchRef.current?.focus();
  });

  function onKeyDown(index: number, event: KeyboardEvent<HTMLDivElement>) {
    const ticket = tickets[index];
    if (!ticket) return;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      setActiveIndex(index);
      openCase(ticket.id, ticket);
    } else if (event.key === 'ArrowDown') {
      event.preventDefault();
      move(index + 1);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      move(index - 1);
    } else if (event.key === 'Home') {
      event.preventDefault();
      move(0);
    } else if (event.key === 'End') {
      event.preventDefault();
      move(tickets.length - 1);
    }
  }

  // Stable row handlers that call the latest closures: memoised rows stay untouched while scrolling.
  const latest = useRef({ onKeyDown, open: (_index: number, _ticketId: string) => {} });
  useLayoutEffect(() => {
    latest.current = {
      onKeyDown,
      open: (index, ticketId) => {
        setActiveIndex(index);
        // The row's ticket lets the case's read start in one round (readCase's hint).
        const row = tickets[index];
        openCase(ticketId, row?.id === ticketId ? row : undefined);
      },
    };
  });
  const onRowOpen = useCallback(
    (index: number, ticketId: string) => latest.current.open(index, ticketId),
    [],
  );
  const onRowKeyDown = useCallback(
    (index: number, event: KeyboardEvent<HTMLDivElement>) => latest.current.onKeyDown(index, event),
    [],
  );

  let list;
  if (!summary) {
    list = (
      <Flex justify="center" className="cd-queue-loading">
        <Spin aria-label={t('queue.loading')} />
      </Flex>
    );
  } else if (tickets.length === 0) {
    list = <Empty description={t(summary.counts.all === 0 ? 'queue.empty' : 'queue.emptyFiltered')} />;
  } else {
    list = (
      <div
        ref={scrollRef}
        data-virtual-scroller=""
        className="cd-queue-scroller"
        role="listbox"
        aria-label={t('queue.list')}
      >
        <div role="presentation" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualItems.map((item) => {
            const ticket = tickets[item.index];
            if (!ticket) return null;
            const callbackDueAt =
              agent && ticket.nextCallback?.agentId === agent.id ? ticket.nextCallback.dueAt : null;
            return (
              <div
                key={item.key}
                role="presentation"
                data-index={item.index}
                style={{
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  width: '100%',
                  transform: `translateY(${item.start}px)`,
                }}
              >
                <QueueRow
                  ticket={ticket}
                  customerName={customerName(ticket.customerId)}
                  id={optionId(ticket.id)}
                  selected={ticket.id === selectedTicketId}
                  focusable={item.index === focusIndex}
                  index={item.index}
                  onOpen={onRowOpen}
                  onKeyDown={onRowKeyDown}
                  callbackDueAt={callbackDueAt}
                  // Only a callback time reads the clock: other rows keep their memo across ticks.
                  now={callbackDueAt === null ? 0 : now}
                  light={flinging}
                />
              </div>
            );
          })}
        </div>
      </div>
    );
  }

  return (
    <section className="cd-queue" aria-labelledby="cd-queue-title">
      <Flex justify="space-between" align="baseline" className="cd-queue-head">
        <Typography.Title level={2} id="cd-queue-title" className="cd-section-title">
          {t('queue.title')}
        </Typography.Title>
        <Flex align="baseline" gap={4}>
          {summary && (
            <Typography.Text type="secondary" aria-live="polite">
              {t('queue.count', { count: tickets.length })}
            </Typography.Text>
          )}
          <Tooltip title={t('shortcuts.title')}>
            <Button
              type="text"
              size="small"
              icon={<QuestionCircleOutlined aria-hidden />}
              aria-label={t('shortcuts.title')}
              aria-keyshortcuts="?"
              onClick={() => openShortcuts(true)}
            />
          </Tooltip>
        </Flex>
      </Flex>
      <QueueToolbar summary={summary} searchRef={searchRef} />
      {list}
    </section>
  );
}
