import { newRmaNumber } from '@shared/domain/index.ts';
import { Form, Input, Radio, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionModal } from '../ActionModal.tsx';
import { useActionRunner } from '../useActionRunner.ts';
import { orNull, requiredText, trackingRule } from './fieldRules.ts';
import { defaultOrderId } from './defaultOrderId.ts';
import type { ActionFormProps } from './types.ts';

interface Values {
  returnKind: 'return' | 'exchange';
  orderId: string;
  reason: string;
  carrier?: string;
  trackingNo?: string;
}

/** Opens a return or an exchange under an RMA number minted here (offline too), shown to read out. */
export function ReturnForm({ data, extra, onClose }: ActionFormProps) {
  const { t } = useTranslation();
  const run = useActionRunner();
  const [rmaNo] = useState(() => newRmaNumber(new Date()));
  const initialOrder = defaultOrderId({ data, extra });
  return (
    <ActionModal<Values>
      title={t('actions.names.createReturn')}
      open
      onClose={onClose}
      initialValues={{ returnKind: 'return', ...(initialOrder ? { orderId: initialOrder } : {}) }}
      onSubmit={(v) =>
        run('createReturn', {
          ticketId: data.ticket.id,
          eventId: crypto.randomUUID(),
          rmaNo,
          returnKind: v.returnKind,
          orderId: v.orderId,
          reason: v.reason.trim(),
          carrier: orNull(v.carrier),
          trackingNo: orNull(v.trackingNo),
        })
      }
    >
      <Form.Item label={t('actions.fields.rma')}>
        <Typography.Text code copyable data-testid="rma-number">
          {rmaNo}
        </Typography.Text>
      </Form.Item>
      <Form.Item name="returnKind" label={t('actions.fields.kind')}>
        <Radio.Group
          options={[
            { value: 'return', label: t('actions.fields.kindReturn') },
            { value: 'exchange', label: t('actions.fields.kindExchange') },
          ]}
        />
      </Form.Item>
      <Form.Item
        name="orderId"
        label={t('actions.fields.order')}
        rules={[{ required: true, message: t('actions.fields.orderRequired') }]}
      >
        <Select options={extra.orders.map((o) => ({ value: o.id, label: o.orderNo }))} />
      </Form.Item>
      <Form.Item
        name="reason"
        label={t('actions.fields.reason')}
        rules={requiredText(t('actions.fields.reasonRequired'))}
      >
        <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 4 }} />
      </Form.Item>
      <Form.Item name="carrier" label={t('actions.fields.carrier')}>
        <Input maxLength={32} placeholder={t('actions.fields.carrierPlaceholder')} />
      </Form.Item>
      <Form.Item
        name="trackingNo"
        label={t('actions.fields.trackingNo')}
        dependencies={['carrier']}
        rules={[
          trackingRule(t),
          ({ getFieldValue }) => ({
            validator: async (_, value: string | undefined) => {
              if (orNull(value) && !orNull(getFieldValue('carrier') as string | undefined))
                throw new Error(t('actions.fields.trackingNeedsCarrier'));
            },
          }),
        ]}
      >
        <Input maxLength={32} />
      </Form.Item>
    </ActionModal>
  );
}
