import { openCallbacks } from '@shared/ticket/afterSalesRules.ts';
import { Form, Input, Radio, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatTimestamp } from '../../../ui/formatTime.ts';
import { useNow } from '../../../ui/useNow.ts';
import { ActionModal } from '../ActionModal.tsx';
import { useActionRunner } from '../useActionRunner.ts';
import type { ActionFormProps } from './types.ts';

type Mode = 'schedule' | 'reschedule' | 'complete';

interface Values {
  mode: Mode;
  callbackId?: string;
  /** `datetime-local` text in the agent's time zone. */
  dueAt?: string;
  note?: string;
}

function dueAtMs(text: string | undefined): number | null {
  if (!text) return null;
  const ms = new Date(text).getTime();
  return Number.isFinite(ms) ? ms : null;
}

/** Schedules a callback, moves an open one to another time, or logs one as done. */
export function CallbackForm({ data, onClose }: ActionFormProps) {
  const { t, i18n } = useTranslation();
  const run = useActionRunner();
  const [form] = Form.useForm<Values>();
  const mode = Form.useWatch('mode', form) ?? 'schedule';
  const open = openCallbacks(data.events);
  const now = useNow();
  const due = (ms: number) => t('actions.callbacks.due', { time: formatTimestamp(ms, now, i18n.language) });

  async function submit(v: Values) {
    const base = { ticketId: data.ticket.id, eventId: crypto.randomUUID(), note: v.note?.trim() ?? '' };
    if (v.mode === 'complete') return run('completeCallback', { ...base, callbackId: v.callbackId ?? '' });
    return run('scheduleCallback', {
      ...base,
      callbackId: v.mode === 'schedule' ? crypto.randomUUID() : (v.callbackId ?? ''),
      dueAt: dueAtMs(v.dueAt) ?? 0,
    });
  }

  return (
    <ActionModal<Values>
      title={t('actions.names.callbacks')}
      open
      onClose={onClose}
      form={form}
      initialValues={{ mode: 'schedule', ...(open.length === 1 ? { callbackId: open[0]!.callbackId } : {}) }}
      onSubmit={submit}
    >
      <section aria-label={t('actions.callbacks.open')}>
        <Typography.Text strong>{t('actions.callbacks.open')}</Typography.Text>
        {open.length === 0 ? (
          <Typography.Paragraph type="secondary">{t('actions.callbacks.none')}</Typography.Paragraph>
        ) : (
          <ul>
            {open.map((c) => (
              <li key={c.callbackId}>{due(c.dueAt)}</li>
            ))}
          </ul>
        )}
      </section>
      <Form.Item name="mode" label={t('actions.callbacks.mode')}>
        <Radio.Group
          options={[
            { value: 'schedule', label: t('actions.callbacks.schedule') },
            { value: 'reschedule', label: t('actions.callbacks.reschedule'), disabled: open.length === 0 },
            { value: 'complete', label: t('actions.callbacks.complete'), disabled: open.length === 0 },
          ]}
        />
      </Form.Item>
      {mode !== 'schedule' && (
        <Form.Item
          name="callbackId"
          label={t('actions.callbacks.which')}
          rules={[{ required: true, message: t('actions.callbacks.whichRequired') }]}
        >
          <Select options={open.map((c) => ({ value: c.callbackId, label: due(c.dueAt) }))} />
        </Form.Item>
      )}
      {mode !== 'complete' && (
        <Form.Item
          name="dueAt"
          label={t('actions.callbacks.dueAt')}
          rules={[
            {
              validator: async (_, value: string | undefined) => {
                const ms = dueAtMs(value);
                if (ms === null) throw new Error(t('actions.callbacks.dueAtRequired'));
                if (ms < Date.now()) throw new Error(t('actions.callbacks.dueAtPast'));
              },
            },
          ]}
        >
          <Input type="datetime-local" />
        </Form.Item>
      )}
      <Form.Item name="note" label={t('actions.fields.note')}>
        <Input.TextArea maxLength={500} autoSize={{ minRows: 1, maxRows: 3 }} />
      </Form.Item>
    </ActionModal>
  );
}
