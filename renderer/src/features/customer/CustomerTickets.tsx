import { Button, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CachedTicket } from '../../db/types.ts';
import { StatusTag } from '../../ui/StatusTag.tsx';
import { formatTimestamp } from '../../ui/formatTime.ts';
import { useOpenCase } from '../case/openCase.ts';

/** The customer's other tickets, newest first; each opens in the case view. */
export function CustomerTickets({ tickets, now }: { tickets: readonly CachedTicket[]; now: number }) {
  const { t, i18n } = useTranslation();
  const openCase = useOpenCase();
  return (
    <section aria-labelledby="cd-customer-tickets" className="cd-customer-section">
      <Typography.Title level={3} id="cd-customer-tickets" className="cd-customer-subtitle">
        {t('customer.tickets')}
      </Typography.Title>
      {tickets.length === 0 ? (
        <Typography.Text type="secondary">{t('customer.noTickets')}</Typography.Text>
      ) : (
        <ul className="cd-customer-list">
          {tickets.map((ticket) => (
            <li key={ticket.id} className="cd-customer-ticket">
              <Button
                type="link"
                className="cd-customer-ticket-link"
                aria-label={t('customer.openTicket', { number: ticket.number, subject: ticket.subject })}
                onClick={() => openCase(ticket.id)}
              >
                <Typography.Text code>{ticket.number}</Typography.Text>
                <span className="cd-customer-ticket-subject">{ticket.subject}</span>
              </Button>
              <Flex gap={8} align="center">
                <StatusTag status={ticket.status} />
                <Typography.Text type="secondary">
                  {t(`category.${ticket.category}`)} · {formatTimestamp(ticket.createdAt, now, i18n.language)}
                </Typography.Text>
              </Flex>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
