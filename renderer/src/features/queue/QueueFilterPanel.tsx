import { ACTIVE_STATUSES } from '@shared/ticket/stateMachine.ts';
import { Category, CHANNELS, Priority, ProductLine, RootCause } from '@shared/domain/index.ts';
import { Button, Select } from 'antd';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store/index.ts';
import type { QueueFilterKey, QueueFilters } from './queueModel.ts';

interface Props {
  id: string;
  tags: readonly string[];
}
const sameTags = (a: Props, b: Props) =>
  a.id === b.id && a.tags.length === b.tags.length && a.tags.every((tag, i) => tag === b.tags[i]);

/** The seven filters of the queue as small selects; each clears back to "any". */
export const QueueFilterPanel = memo(function QueueFilterPanel({ id, tags }: Props) {
  const { t } = useTranslation();
  const filters = useAppStore((s) => s.queueQuery.filters);
  const setFilter = useAppStore((s) => s.setQueueFilter);
  const clear = useAppStore((s) => s.clearQueueFilters);

  const options: { [K in QueueFilterKey]: { value: NonNullable<QueueFilters[K]>; label: string }[] } = {
    channel: CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) })),
    category: Category.options.map((c) => ({ value: c, label: t(`category.${c}`) })),
    rootCause: RootCause.options.map((r) => ({ value: r, label: t(`queue.rootCause.${r}`) })),
    status: ACTIVE_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) })),
    priority: Priority.options.map((p) => ({ value: p, label: t(`priority.${p}`) })),
    tag: tags.map((tag) => ({ value: tag, label: tag })),
    productLine: ProductLine.options.map((p) => ({ value: p, label: t(`queue.productLine.${p}`) })),
  };

  const select = <K extends QueueFilterKey>(key: K) => (
    <Select<NonNullable<QueueFilters[K]>>
      key={key}
      size="small"
      allowClear
      virtual={false}
      popupMatchSelectWidth={false}
      aria-label={t(`queue.filters.${key}`)}
      placeholder={t(`queue.filters.${key}`)}
      value={filters[key] as NonNullable<QueueFilters[K]> | undefined}
      options={options[key]}
      onChange={(value) => setFilter(key, value ?? undefined)}
      notFoundContent={t('queue.filters.noOptions')}
      className="cd-queue-filter"
    />
  );

  return (
    <div id={id} role="group" aria-label={t('queue.filters.label')} className="cd-queue-filters">
      {select('channel')}
      {select('category')}
      {select('rootCause')}
      {select('status')}
      {select('priority')}
      {select('tag')}
      {select('productLine')}
      <Button size="small" type="link" onClick={clear}>
        {t('queue.filters.clear')}
      </Button>
    </div>
  );
}, sameTags);
