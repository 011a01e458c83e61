import type { FeedbackSeverity } from '@shared/domain/index.ts';
import { Form, Input, Radio, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { ActionModal } from '../ActionModal.tsx';
import { useActionRunner } from '../useActionRunner.ts';
import { orNull, requiredText } from './fieldRules.ts';
import { skuOptions } from './skuOptions.ts';
import type { ActionFormProps } from './types.ts';

interface Values {
  sku?: string;
  summary: string;
  severity: FeedbackSeverity;
}

/** A product or quality problem for the product team, tied to a product of the customer's orders. */
export function ForwardForm({ data, extra, onClose }: ActionFormProps) {
  const { t } = useTranslation();
  const run = useActionRunner();
  const ticketOrder = extra.orders.filter((o) => o.id === data.ticket.orderId);
  return (
    <ActionModal<Values>
      title={t('actions.names.forwardToProduct')}
      open
      onClose={onClose}
      initialValues={{ severity: 'medium' }}
      onSubmit={(v) =>
        run('forwardToProduct', {
          ticketId: data.ticket.id,
          eventId: crypto.randomUUID(),
          sku: orNull(v.sku),
          summary: v.summary.trim(),
          severity: v.severity,
        })
      }
    >
      <Form.Item name="sku" label={t('actions.fields.sku')}>
        <Select
          allowClear
          placeholder={t('actions.fields.skuNone')}
          options={skuOptions(ticketOrder.length ? ticketOrder : extra.orders, t)}
        />
      </Form.Item>
      <Form.Item
        name="summary"
        label={t('actions.fields.summary')}
        rules={requiredText(t('actions.fields.summaryRequired'))}
      >
        <Input.TextArea maxLength={1000} autoSize={{ minRows: 2, maxRows: 5 }} />
      </Form.Item>
      <Form.Item name="severity" label={t('actions.fields.severity')}>
        <Radio.Group
          options={(['low', 'medium', 'high'] as const).map((s) => ({
            value: s,
            label: t(`actions.fields.severity${s === 'low' ? 'Low' : s === 'medium' ? 'Medium' : 'High'}`),
          }))}
        />
      </Form.Item>
    </ActionModal>
  );
}
