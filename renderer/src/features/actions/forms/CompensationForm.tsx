import { Form, Input, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import { ActionModal } from '../ActionModal.tsx';
import { hasSubCentDigits, yuanToFen } from '../money.ts';
import { useActionRunner } from '../useActionRunner.ts';
import { requiredText } from './fieldRules.ts';
import type { ActionFormProps } from './types.ts';

interface Values {
  form: 'coupon' | 'points';
  amount: string;
  reason: string;
}

/** The shared cap of one compensation: ¥100,000 as fen, or as many points. */
const MAX_AMOUNT = 100_000_00;

function amountOf(form: Values['form'], text: string): number | null {
  if (form === 'coupon') return yuanToFen(text);
  return /^\d{1,9}$/.test(text.trim()) ? Number(text.trim()) : null;
}

/** Goodwill after a bad experience: a coupon (typed in yuan) or loyalty points. */
export function CompensationForm({ data, onClose }: ActionFormProps) {
  const { t } = useTranslation();
  const run = useActionRunner();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('form', form) ?? 'coupon';
  return (
    <ActionModal<Values>
      title={t('actions.names.grantCompensation')}
      open
      onClose={onClose}
      form={form}
      initialValues={{ form: 'coupon' }}
      onSubmit={(v) =>
        run('grantCompensation', {
          ticketId: data.ticket.id,
          eventId: crypto.randomUUID(),
          form: v.form,
          amount: amountOf(v.form, v.amount) ?? 0,
          reason: v.reason.trim(),
        })
      }
    >
      <Form.Item name="form" label={t('actions.fields.compensationForm')}>
        <Radio.Group
          options={[
            { value: 'coupon', label: t('actions.fields.coupon') },
            { value: 'points', label: t('actions.fields.points') },
          ]}
        />
      </Form.Item>
      <Form.Item
        name="amount"
        label={t(kind === 'coupon' ? 'actions.fields.couponYuan' : 'actions.fields.pointsAmount')}
        dependencies={['form']}
        rules={[
          {
            validator: async (_, value: string | undefined) => {
              const text = value ?? '';
              if (!text.trim()) throw new Error(t('actions.fields.amountRequired'));
              if (kind === 'coupon' && hasSubCentDigits(text))
                throw new Error(t('actions.fields.amountCents'));
              const amount = amountOf(kind, text);
              if (amount === null)
                throw new Error(
                  t(kind === 'coupon' ? 'actions.fields.amountFormat' : 'actions.fields.pointsInteger'),
                );
              if (amount <= 0) throw new Error(t('actions.fields.amountPositive'));
              if (amount > MAX_AMOUNT) throw new Error(t('actions.fields.compensationMax'));
            },
          },
        ]}
      >
        <Input
          inputMode={kind === 'coupon' ? 'decimal' : 'numeric'}
          prefix={kind === 'coupon' ? '¥' : undefined}
        />
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
