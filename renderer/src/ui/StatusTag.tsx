import type { TicketStatus } from '@shared/domain/index.ts';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const COLORS: Record<TicketStatus, string> = {
  new: 'blue',
  open: 'geekblue',
  pending_customer: 'gold',
  pending_internal: 'purple',
  resolved: 'green',
  closed: 'default',
  reopened: 'magenta',
};

export function StatusTag({ status }: { status: TicketStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[status]} variant="filled">
      {t(`status.${status}`)}
    </Tag>
  );
}
