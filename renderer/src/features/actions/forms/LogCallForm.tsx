import { Form, Input, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import { parseCallDuration } from '../callDuration.ts';
import { ActionModal } from '../ActionModal.tsx';
import { useActionRunner } from '../useActionRunner.ts';
import { orNull } from './fieldRules.ts';
import type { ActionFormProps } from './types.ts';

interface Values {
  direction: 'inbound' | 'outbound';
  duration: string;
  wrapUpCode?: string;
  summary?: string;
}

/**
 * Logs a finished call; the agent then goes into after-call work (timed from now), which counts
 * toward handle time until they pick another state.
 */
export function LogCallForm({ data, onClose }: ActionFormProps) {
  const { t } = useTranslation();
  const run = useActionRunner();
  return (
    <ActionModal<Values>
      title={t('actions.names.logCall')}
      open
      onClose={onClose}
      initialValues={{ direction: 'outbound' }}
      onSubmit={async (v) => {
        const problem = await run('logCall', {
          ticketId: data.ticket.id,
          eventId: crypto.randomUUID(),
          direction: v.direction,
          durationSec: parseCallDuration(v.duration) ?? 0,
          wrapUpCode: orNull(v.wrapUpCode),
          summary: v.summary?.trim() ?? '',
        });
        if (problem !== null) return problem;
        // The call is saved either way; a refused state change only leaves the state as it was.
        await run('setAgentState', { state: 'after_call_work' }, { quiet: true });
        return null;
      }}
    >
      <Form.Item name="direction" label={t('actions.fields.direction')}>
        <Radio.Group
          options={[
            { value: 'inbound', label: t('actions.fields.inbound') },
            { value: 'outbound', label: t('actions.fields.outbound') },
          ]}
        />
      </Form.Item>
      <Form.Item
        name="duration"
        label={t('actions.fields.duration')}
        rules={[
          {
            validator: async (_, value: string | undefined) => {
              const seconds = parseCallDuration(value ?? '');
              if (seconds === null || seconds > 24 * 3600)
                throw new Error(t('actions.fields.durationFormat'));
            },
          },
        ]}
      >
        <Input placeholder="3:05" />
      </Form.Item>
      <Form.Item
        name="wrapUpCode"
        label={t('actions.fields.wrapUpCode')}
        rules={[{ max: 32, message: t('actions.fields.wrapUpFormat') }]}
      >
        <Input />
      </Form.Item>
      <Form.Item name="summary" label={t('actions.fields.callSummary')}>
        <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 5 }} />
      </Form.Item>
    </ActionModal>
  );
}
