import { Button } from 'antd';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store/index.ts';
import { QUEUE_VIEWS, type QueueViewId } from './queueModel.ts';

const ALERT_VIEWS: Partial<Record<QueueViewId, string>> = {
  breached: 'cd-queue-view-count-danger',
  due_soon: 'cd-queue-view-count-warning',
  health_risk: 'cd-queue-view-count-danger',
  callbacks_due: 'cd-queue-view-count-warning',
};

type Counts = Record<QueueViewId, number> | undefined;

const sameCounts = (a: { counts: Counts }, b: { counts: Counts }) =>
  a.counts === b.counts ||
  (!!a.counts && !!b.counts && QUEUE_VIEWS.every((v) => a.counts![v] === b.counts![v]));

/** The queue's views as toggle buttons, each with its count ("我的工单 12"); re-renders only when a count changes. */
export const QueueViewPicker = memo(function QueueViewPicker({ counts }: { counts: Counts }) {
  const { t } = useTranslation();
  const current = useAppStore((s) => s.queueQuery.view);
  const setView = useAppStore((s) => s.setQueueView);
  return (
    <div role="group" aria-label={t('queue.views.label')} className="cd-queue-views">
      {QUEUE_VIEWS.map((view) => {
        const count = counts?.[view];
        const alert = count ? ALERT_VIEWS[view] : undefined;
        return (
          <Button
            key={view}
            size="small"
            type={view === current ? 'primary' : 'default'}
            aria-pressed={view === current}
            aria-label={t('queue.views.withCount', { view: t(`queue.views.${view}`), count: count ?? '…' })}
            onClick={() => setView(view)}
            className="cd-queue-view"
            data-view={view}
          >
            {t(`queue.views.${view}`)}{' '}
            <span className={`cd-queue-view-count${alert && view !== current ? ` ${alert}` : ''}`}>
              {count ?? '…'}
            </span>
          </Button>
        );
      })}
    </div>
  );
}, sameCounts);
