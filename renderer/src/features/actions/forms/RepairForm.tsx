import { Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { ActionModal } from '../ActionModal.tsx';
import { useActionRunner } from '../useActionRunner.ts';
import { orNull, requiredText } from './fieldRules.ts';
import { skuOptions } from './skuOptions.ts';
import type { ActionFormProps } from './types.ts';

interface Values {
  orderId?: string;
  sku?: string;
  description: string;
}

/** A repair request, optionally for one order and product. */
export function RepairForm({ data, extra, onClose }: ActionFormProps) {
  const { t } = useTranslation();
  const run = useActionRunner();
  const [form] = Form.useForm<Values>();
  const orderId = Form.useWatch('orderId', form);
  const order = extra.orders.find((o) => o.id === orderId);
  return (
    <ActionModal<Values>
      title={t('actions.names.requestRepair')}
      open
      onClose={onClose}
      form={form}
      initialValues={
        extra.orders.some((o) => o.id === data.ticket.orderId) ? { orderId: data.ticket.orderId! } : {}
      }
      onSubmit={(v) =>
        run('requestRepair', {
          ticketId: data.ticket.id,
          eventId: crypto.randomUUID(),
          orderId: v.orderId ?? null,
          sku: orNull(v.sku),
          description: v.description.trim(),
        })
      }
    >
      <Form.Item name="orderId" label={t('actions.fields.order')}>
        <Select allowClear options={extra.orders.map((o) => ({ value: o.id, label: o.orderNo }))} />
      </Form.Item>
      <Form.Item name="sku" label={t('actions.fields.sku')}>
        <Select
          allowClear
          placeholder={t('actions.fields.skuNone')}
          options={skuOptions(order ? [order] : extra.orders, t)}
        />
      </Form.Item>
      <Form.Item
        name="description"
        label={t('actions.fields.description')}
        rules={requiredText(t('actions.fields.descriptionRequired'))}
      >
        <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 4 }} />
      </Form.Item>
    </ActionModal>
  );
}
