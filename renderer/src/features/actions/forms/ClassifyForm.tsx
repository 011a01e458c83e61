import { Category, RootCause } from '@shared/domain/index.ts';
import { Form, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { ActionModal } from '../ActionModal.tsx';
import { useActionRunner } from '../useActionRunner.ts';
import type { ActionFormProps } from './types.ts';

const NONE = 'none';

interface Values {
  category: Category;
  rootCause: RootCause | typeof NONE;
}

/** Category and root cause: what the case is about and why it happened (quality, logistics…). */
export function ClassifyForm({ data, onClose }: ActionFormProps) {
  const { t } = useTranslation();
  const run = useActionRunner();
  return (
    <ActionModal<Values>
      title={t('actions.names.classifyTicket')}
      open
      onClose={onClose}
      initialValues={{ category: data.ticket.category, rootCause: data.ticket.rootCause ?? NONE }}
      onSubmit={(v) =>
        run('classifyTicket', {
          ticketId: data.ticket.id,
          eventId: crypto.randomUUID(),
          category: v.category,
          rootCause: v.rootCause === NONE ? null : v.rootCause,
        })
      }
    >
      <Form.Item name="category" label={t('actions.fields.category')}>
        <Select options={Category.options.map((c) => ({ value: c, label: t(`category.${c}`) }))} />
      </Form.Item>
      <Form.Item name="rootCause" label={t('actions.fields.rootCause')}>
        <Select
          options={[
            { value: NONE, label: t('actions.fields.rootCauseNone') },
            ...RootCause.options.map((c) => ({ value: c, label: t(`queue.rootCause.${c}`) })),
          ]}
        />
      </Form.Item>
    </ActionModal>
  );
}
