import { LogisticsStatus } from '@shared/domain/index.ts';
import { rmaNumbers } from '@shared/ticket/afterSalesRules.ts';
import { Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { ActionModal } from '../ActionModal.tsx';
import { useActionRunner } from '../useActionRunner.ts';
import { orNull, trackingRule } from './fieldRules.ts';
import type { ActionFormProps } from './types.ts';

interface Values {
  rmaNo: string;
  status: LogisticsStatus;
  carrier?: string;
  trackingNo?: string;
  note?: string;
}

/** A logistics step of one of this ticket's returns or exchanges. */
export function LogisticsForm({ data, onClose }: ActionFormProps) {
  const { t } = useTranslation();
  const run = useActionRunner();
  const rmas = rmaNumbers(data.events);
  return (
    <ActionModal<Values>
      title={t('actions.names.updateLogistics')}
      open
      onClose={onClose}
      initialValues={rmas.length === 1 ? { rmaNo: rmas[0] } : {}}
      onSubmit={(v) =>
        run('updateLogistics', {
          ticketId: data.ticket.id,
          eventId: crypto.randomUUID(),
          rmaNo: v.rmaNo,
          status: v.status,
          carrier: orNull(v.carrier),
          trackingNo: orNull(v.trackingNo),
          note: orNull(v.note),
        })
      }
    >
      <Form.Item
        name="rmaNo"
        label={t('actions.fields.rmaSelect')}
        rules={[
          { required: true, message: t(rmas.length ? 'actions.fields.rmaRequired' : 'actions.fields.noRma') },
        ]}
      >
        <Select options={rmas.map((r) => ({ value: r, label: r }))} />
      </Form.Item>
      <Form.Item
        name="status"
        label={t('actions.fields.logisticsStatus')}
        rules={[{ required: true, message: t('actions.fields.statusRequired') }]}
      >
        <Select
          options={LogisticsStatus.options.map((s) => ({ value: s, label: t(`actions.logistics.${s}`) }))}
        />
      </Form.Item>
      <Form.Item name="carrier" label={t('actions.fields.carrier')}>
        <Input maxLength={32} placeholder={t('actions.fields.carrierPlaceholder')} />
      </Form.Item>
      <Form.Item name="trackingNo" label={t('actions.fields.trackingNo')} rules={[trackingRule(t)]}>
        <Input maxLength={32} />
      </Form.Item>
      <Form.Item name="note" label={t('actions.fields.note')}>
        <Input.TextArea maxLength={500} autoSize={{ minRows: 1, maxRows: 3 }} />
      </Form.Item>
    </ActionModal>
  );
}
