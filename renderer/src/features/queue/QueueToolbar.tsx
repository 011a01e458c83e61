import { FilterOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Select, type InputRef } from 'antd';
import { memo, useId, useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store/index.ts';
import { QueueFilterPanel } from './QueueFilterPanel.tsx';
import { activeFilterCount, QUEUE_SORTS, type QueueSummary } from './queueModel.ts';
import { QueueViewPicker } from './QueueViewPicker.tsx';
import { SavedViewsControl } from './SavedViewsControl.tsx';

/** Search (`/`), views with counts, filters, sort and saved views, above the list. */
export function QueueToolbar({
  summary,
  searchRef,
}: {
  summary: QueueSummary | undefined;
  searchRef: Ref<InputRef>;
}) {
  const { t } = useTranslation();
  const search = useAppStore((s) => s.queueQuery.search);
  const setSearch = useAppStore((s) => s.setQueueSearch);
  const filterCount = useAppStore((s) => activeFilterCount(s.queueQuery.filters));
  const [filtersOpen, setFiltersOpen] = useState(false);
  const filtersId = useId();

  return (
    <div className="cd-queue-toolbar">
      <Input
        ref={searchRef}
        size="small"
        allowClear
        prefix={<SearchOutlined aria-hidden />}
        aria-label={t('queue.search.label')}
        placeholder={t('queue.search.placeholder')}
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') e.currentTarget.blur();
        }}
      />
      <QueueViewPicker counts={summary?.counts} />
      <Flex gap={6} align="center" wrap>
        <Button
          size="small"
          icon={<FilterOutlined aria-hidden />}
          type={filterCount > 0 ? 'primary' : 'default'}
          ghost={filterCount > 0}
          aria-expanded={filtersOpen}
          aria-controls={filtersId}
          onClick={() => setFiltersOpen((open) => !open)}
        >
          {filterCount > 0
            ? t('queue.filters.toggleActive', { count: filterCount })
            : t('queue.filters.toggle')}
        </Button>
        <QueueSortSelect />
        <SavedViewsControl />
      </Flex>
      {filtersOpen && <QueueFilterPanel id={filtersId} tags={summary?.tags ?? []} />}
    </div>
  );
}

/** Sort order; independent of the data, so a sync never re-renders it. */
const QueueSortSelect = memo(function QueueSortSelect() {
  const { t } = useTranslation();
  const sort = useAppStore((s) => s.queueQuery.sort);
  const setSort = useAppStore((s) => s.setQueueSort);
  return (
    <Select
      size="small"
      virtual={false}
      popupMatchSelectWidth={false}
      aria-label={t('queue.sort.label')}
      value={sort}
      options={QUEUE_SORTS.map((s) => ({ value: s, label: t(`queue.sort.${s}`) }))}
      onChange={setSort}
      className="cd-queue-sort"
    />
  );
});
