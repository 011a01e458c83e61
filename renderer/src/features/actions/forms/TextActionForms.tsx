import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { ActionModal } from '../ActionModal.tsx';
import { useActionRunner } from '../useActionRunner.ts';
import { requiredText } from './fieldRules.ts';
import type { ActionFormProps } from './types.ts';

/** Medical-advice referral: stop use, see a doctor; never a diagnosis. Prefilled with that advice. */
export function MedicalForm({ data, onClose }: ActionFormProps) {
  const { t } = useTranslation();
  const run = useActionRunner();
  return (
    <ActionModal<{ advice: string }>
      title={t('actions.names.referMedical')}
      open
      onClose={onClose}
      initialValues={{ advice: t('actions.fields.adviceDefault') }}
      onSubmit={(v) =>
        run('referMedical', {
          ticketId: data.ticket.id,
          eventId: crypto.randomUUID(),
          advice: v.advice.trim(),
        })
      }
    >
      <Form.Item
        name="advice"
        label={t('actions.fields.advice')}
        rules={requiredText(t('actions.fields.adviceRequired'))}
      >
        <Input.TextArea maxLength={1000} autoSize={{ minRows: 3, maxRows: 6 }} />
      </Form.Item>
    </ActionModal>
  );
}

/** Hands the case to a complaint specialist: the reason is required. */
export function EscalateForm({ data, onClose }: ActionFormProps) {
  const { t } = useTranslation();
  const run = useActionRunner();
  return (
    <ActionModal<{ reason: string }>
      title={t('actions.names.escalateComplaint')}
      open
      onClose={onClose}
      onSubmit={(v) =>
        run('escalateComplaint', {
          ticketId: data.ticket.id,
          eventId: crypto.randomUUID(),
          reason: v.reason.trim(),
        })
      }
    >
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

/** Takes a colleague's ticket: the reason goes on the record (a take_over event). */
export function TakeOverForm({ data, onClose }: ActionFormProps) {
  const { t } = useTranslation();
  const run = useActionRunner();
  return (
    <ActionModal<{ reason: string }>
      title={t('actions.names.takeOverTicket')}
      open
      onClose={onClose}
      okText={t('actions.ownership.takeOver')}
      onSubmit={(v) =>
        run('takeOverTicket', {
          ticketId: data.ticket.id,
          eventId: crypto.randomUUID(),
          reason: v.reason.trim(),
        })
      }
    >
      <Form.Item
        name="reason"
        label={t('actions.ownership.reason')}
        rules={requiredText(t('actions.fields.reasonRequired'))}
      >
        <Input.TextArea
          maxLength={500}
          autoSize={{ minRows: 2, maxRows: 4 }}
          placeholder={t('actions.ownership.reasonPlaceholder')}
        />
      </Form.Item>
    </ActionModal>
  );
}

/** Sends the satisfaction survey (once, on a resolved ticket). */
export function SurveyForm({ data, onClose }: ActionFormProps) {
  const { t } = useTranslation();
  const run = useActionRunner();
  return (
    <ActionModal<object>
      title={t('actions.names.requestSurvey')}
      open
      onClose={onClose}
      onSubmit={() => run('requestSurvey', { ticketId: data.ticket.id, eventId: crypto.randomUUID() })}
    >
      <p>{t('actions.survey.confirm')}</p>
    </ActionModal>
  );
}
