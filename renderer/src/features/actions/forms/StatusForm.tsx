import type { TicketStatus } from '@shared/domain/index.ts';
import { nextStatuses } from '@shared/ticket/stateMachine.ts';
import { Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { ActionModal } from '../ActionModal.tsx';
import { useActionRunner } from '../useActionRunner.ts';
import { orNull } from './fieldRules.ts';
import type { ActionFormProps } from './types.ts';

interface Values {
  to: TicketStatus;
  reason?: string;
}

/** Moves the ticket along the shared state machine: only the moves it allows are offered. */
export function StatusForm({ data, onClose }: ActionFormProps) {
  const { t } = useTranslation();
  const run = useActionRunner();
  const options = nextStatuses(data.ticket.status);
  return (
    <ActionModal<Values>
      title={t('actions.names.setStatus')}
      open
      onClose={onClose}
      onSubmit={(v) =>
        run('setStatus', {
          ticketId: data.ticket.id,
          eventId: crypto.randomUUID(),
          to: v.to,
          reason: orNull(v.reason),
        })
      }
    >
      <Form.Item
        name="to"
        label={t('actions.fields.status')}
        rules={[
          {
            required: true,
            message: t(options.length ? 'actions.fields.statusRequired' : 'actions.fields.noNextStatus'),
          },
        ]}
      >
        <Select options={options.map((s) => ({ value: s, label: t(`status.${s}`) }))} />
      </Form.Item>
      <Form.Item name="reason" label={t('actions.fields.reason')}>
        <Input.TextArea maxLength={500} autoSize={{ minRows: 1, maxRows: 3 }} />
      </Form.Item>
    </ActionModal>
  );
}
