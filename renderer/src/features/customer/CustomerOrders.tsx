import type { OrderStatus } from '@shared/domain/index.ts';
import { Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CachedOrder } from '../../db/types.ts';
import { formatTimestamp } from '../../ui/formatTime.ts';

const STATUS_COLOR: Record<OrderStatus, string> = {
  paid: 'blue',
  shipped: 'geekblue',
  delivered: 'green',
  returned: 'orange',
  refunded: 'purple',
  cancelled: 'default',
};

/** Money in fen as the UI language writes yuan: ¥129.00 / CN¥129.00. */
export function formatFen(fen: number, language: string): string {
  return new Intl.NumberFormat(language, { style: 'currency', currency: 'CNY' }).format(fen / 100);
}

/** The customer's orders, newest first, each with its status, total and items. */
export function CustomerOrders({ orders, now }: { orders: readonly CachedOrder[]; now: number }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  return (
    <section aria-labelledby="cd-customer-orders" className="cd-customer-section">
      <Typography.Title level={3} id="cd-customer-orders" className="cd-customer-subtitle">
        {t('customer.orders')}
      </Typography.Title>
      {orders.length === 0 ? (
        <Typography.Text type="secondary">{t('customer.noOrders')}</Typography.Text>
      ) : (
        <ul className="cd-customer-list">
          {orders.map((order) => (
            <li
              key={order.id}
              aria-label={t('customer.orderLabel', { orderNo: order.orderNo })}
              className="cd-customer-order"
            >
              <Flex justify="space-between" align="center" gap={8} wrap>
                <Typography.Text code>{order.orderNo}</Typography.Text>
                <Tag color={STATUS_COLOR[order.status]}>{t(`customer.orderStatus.${order.status}`)}</Tag>
              </Flex>
              <Flex justify="space-between" gap={8} wrap>
                <Typography.Text type="secondary">
                  {t('customer.placedAt', { time: formatTimestamp(order.placedAt, now, language) })}
                </Typography.Text>
                <Typography.Text strong>
                  {t('customer.total', { amount: formatFen(order.total, language) })}
                </Typography.Text>
              </Flex>
              <ul className="cd-customer-items" aria-label={t('customer.items', { orderNo: order.orderNo })}>
                {order.items.map((item, i) => (
                  <li key={`${item.sku}-${i}`}>
                    {t('customer.item', {
                      name: item.name,
                      qty: item.qty,
                      price: formatFen(item.unitPrice, language),
                    })}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
