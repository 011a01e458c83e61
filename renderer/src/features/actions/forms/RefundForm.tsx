import { Form, Input, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../customer/CustomerOrders.tsx';
import { ActionModal } from '../ActionModal.tsx';
import { hasSubCentDigits, yuanToFen } from '../money.ts';
import { useActionRunner } from '../useActionRunner.ts';
import { requiredText } from './fieldRules.ts';
import { defaultOrderId } from './defaultOrderId.ts';
import type { ActionFormProps } from './types.ts';

interface Values {
  orderId: string;
  amount: string;
  reason: string;
}

/** Money back on one of the customer's orders, never more than what is left of its total. */
export function RefundForm({ data, extra, onClose }: ActionFormProps) {
  const { t, i18n } = useTranslation();
  const run = useActionRunner();
  const [form] = Form.useForm<Values>();
  const orderId = Form.useWatch('orderId', form);
  const money = (fen: number) => formatFen(fen, i18n.language);
  const order = extra.orders.find((o) => o.id === orderId);
  const refunded = order ? (extra.refunded.get(order.id) ?? 0) : 0;
  const remaining = order ? Math.max(0, order.total - refunded) : 0;
  const initialOrder = defaultOrderId({ data, extra });

  return (
    <ActionModal<Values>
      title={t('actions.names.issueRefund')}
      open
      onClose={onClose}
      form={form}
      initialValues={initialOrder ? { orderId: initialOrder } : {}}
      onSubmit={(v) =>
        run('issueRefund', {
          ticketId: data.ticket.id,
          eventId: crypto.randomUUID(),
          orderId: v.orderId,
          amount: yuanToFen(v.amount) ?? 0,
          reason: v.reason.trim(),
        })
      }
    >
      <Form.Item
        name="orderId"
        label={t('actions.fields.order')}
        rules={[{ required: true, message: t('actions.fields.orderRequired') }]}
      >
        <Select
          options={extra.orders.map((o) => ({
            value: o.id,
            label: t('actions.fields.orderOption', { orderNo: o.orderNo, total: money(o.total) }),
          }))}
        />
      </Form.Item>
      {order && (
        <Typography.Paragraph type="secondary" aria-live="polite">
          {t('actions.fields.orderTotal', { total: money(order.total) })} ·{' '}
          {t('actions.fields.refunded', { amount: money(refunded) })} ·{' '}
          {t('actions.fields.remaining', { amount: money(remaining) })}
        </Typography.Paragraph>
      )}
      <Form.Item
        name="amount"
        label={t('actions.fields.amountYuan')}
        dependencies={['orderId']}
        rules={[
          {
            validator: async (_, value: string | undefined) => {
              const text = value ?? '';
              if (!text.trim()) throw new Error(t('actions.fields.amountRequired'));
              if (hasSubCentDigits(text)) throw new Error(t('actions.fields.amountCents'));
              const fen = yuanToFen(text);
              if (fen === null) throw new Error(t('actions.fields.amountFormat'));
              if (fen <= 0) throw new Error(t('actions.fields.amountPositive'));
              if (order && remaining === 0) throw new Error(t('actions.fields.nothingLeft'));
              if (order && fen > remaining)
                throw new Error(t('actions.fields.amountOverRemaining', { amount: money(remaining) }));
            },
          },
        ]}
      >
        <Input inputMode="decimal" prefix="¥" />
      </Form.Item>
      <Form.Item
        name="reason"
        label={t('actions.fields.reason')}
        rules={requiredText(t('actions.fields.reasonRequired'))}
      >
        <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 4 }} />
      </Form.Item>
    </ActionModal>
  );
}
