import { useVirtualizer } from '@tanstack/react-virtual';
import { Empty, Flex, Spin, Typography } from 'antd';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useWorkspace } from '../../app/services.tsx';
import { useAppStore } from '../../store/index.ts';
import { useNow } from '../../ui/useNow.ts';
import { QueueRow } from './QueueRow.tsx';
import { useQueue } from './useQueue.ts';

const ROW_HEIGHT = 96;

const optionId = (ticketId: string) => `queue-option-${ticketId}`;

/** The agent's queue: a virtualised listbox; click or Enter opens a case, arrow keys move. */
export function QueueList() {
  const { t } = useTranslation();
  const { db } = useWorkspace();
  const queue = useQueue(db);
  const selectedTicketId = useAppStore((s) => s.selectedTicketId);
  const selectTicket = useAppStore((s) => s.selectTicket);
  const now = useNow();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [activeIndex, setActiveIndex] = useState(0);
  const [focusRequest, setFocusRequest] = useState<string | null>(null);

  const rows = queue?.rows ?? [];
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual is not memoisable; this component owns it.
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey: (index) => rows[index]?.ticket.id ?? index,
  });

  const selectedIndex = rows.findIndex((r) => r.ticket.id === selectedTicketId);
  const focusIndex = Math.min(selectedIndex >= 0 ? selectedIndex : activeIndex, Math.max(rows.length - 1, 0));

  useEffect(() => {
    if (!focusRequest) return;
    document.getElementById(optionId(focusRequest))?.focus();
    setFocusRequest(null);
  }, [focusRequest, virtualizer]);

  if (!queue) {
    return (
      <Flex justify="center" className="cd-queue-loading">
        <Spin aria-label={t('queue.loading')} />
      </Flex>
    );
  }

  function move(index: number) {
    const next = Math.max(0, Math.min(rows.length - 1, index));
    const row = rows[next];
    if (!row) return;
    setActiveIndex(next);
    if (selectedIndex >= 0) selectTicket(row.ticket.id);
    virtualizer.scrollToIndex(next);
    setFocusRequest(row.ticket.id);
  }

  function onKeyDown(index: number, event: KeyboardEvent<HTMLDivElement>) {
    const row = rows[index];
    if (!row) return;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      setActiveIndex(index);
      selectTicket(row.ticket.id);
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
      move(rows.length - 1);
    }
  }

  return (
    <section className="cd-queue" aria-labelledby="cd-queue-title">
      <Flex justify="space-between" align="baseline" className="cd-queue-head">
        <Typography.Title level={2} id="cd-queue-title" className="cd-section-title">
          {t('queue.title')}
        </Typography.Title>
        <Typography.Text type="secondary" aria-live="polite">
          {queue.total > rows.length
            ? t('queue.countLimited', { shown: rows.length, count: queue.total })
            : t('queue.count', { count: queue.total })}
        </Typography.Text>
      </Flex>
      {rows.length === 0 ? (
        <Empty description={t('queue.empty')} />
      ) : (
        <div
          ref={scrollRef}
          data-virtual-scroller=""
          className="cd-queue-scroller"
          role="listbox"
          aria-label={t('queue.list')}
        >
          <div role="presentation" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const row = rows[item.index];
              if (!row) return null;
              return (
                <div
                  key={item.key}
                  role="presentation"
                  data-index={item.index}
                  ref={virtualizer.measureElement}
                  style={{
                    position: 'absolute',
                    top: 0,
                    left: 0,
                    width: '100%',
                    transform: `translateY(${item.start}px)`,
                  }}
                >
                  <QueueRow
                    row={row}
                    id={optionId(row.ticket.id)}
                    selected={row.ticket.id === selectedTicketId}
                    focusable={item.index === focusIndex}
                    now={now}
                    onOpen={() => {
                      setActiveIndex(item.index);
                      selectTicket(row.ticket.id);
                    }}
                    onKeyDown={(e) => onKeyDown(item.index, e)}
                  />
                </div>
              );
            })}
          </div>
        </div>
      )}
    </section>
  );
}
