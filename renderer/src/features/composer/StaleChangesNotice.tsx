import { Alert, Button, Flex } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatTimestamp } from '../../ui/formatTime.ts';
import type { StaleChange } from './staleGuard.ts';

/** What arrived since the composer opened, with "send anyway" and "review first". */
export function StaleChangesNotice({
  changes,
  now,
  onSendAnyway,
  onReview,
}: {
  changes: readonly StaleChange[];
  /** When the guard looked (today's changes show the time only). */
  now: number;
  onSendAnyway(): void;
  onReview(): void;
}) {
  const { t, i18n } = useTranslation();
  const who = (c: StaleChange) => {
    if (c.author.type === 'agent') return c.author.name ?? t('case.author.unknownAgent');
    return t(c.author.type === 'customer' ? 'case.author.customer' : 'case.author.system');
  };
  return (
    <Alert
      type="warning"
      role="alert"
      showIcon
      className="cd-composer-stale"
      title={t('workspace.composer.stale.title')}
      description={
        <ul aria-label={t('workspace.composer.stale.list')} className="cd-composer-stale-list">
          {changes.map((c) => (
            <li key={c.id}>
              {t('workspace.composer.stale.item', {
                who: who(c),
                what: t(`workspace.composer.stale.kind.${c.kind}`),
                time: formatTimestamp(c.at, now, i18n.language),
              })}
            </li>
          ))}
        </ul>
      }
      action={
        <Flex vertical gap={6}>
          <Button size="small" type="primary" danger onClick={onSendAnyway}>
            {t('workspace.composer.stale.sendAnyway')}
          </Button>
          <Button size="small" onClick={onReview}>
            {t('workspace.composer.stale.review')}
          </Button>
        </Flex>
      }
    />
  );
}
