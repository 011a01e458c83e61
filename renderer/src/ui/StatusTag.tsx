import type { TicketStatus } from '@shared/domain/index.ts';
import { Tag, type TagColor } from './Tag.tsx';
import { useT } from '../i18n/useT.ts';

const COLORS: Record<TicketStatus, TagColor> = {
  new: 'blue',
  open: 'geekblue',
  pending_customer: 'gold',
  pending_internal: 'purple',
  resolved: 'green',
  closed: 'default',
  reopened: 'magenta',
};

export function StatusTag({ status }: { status: TicketStatus }) {
  const { t } = useT();
  return (
    <Tag color={COLORS[status]} filled>
      {t(`status.${status}`)}
    </Tag>
  );
}
