import { Alert, Form, Modal, type FormInstance } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface ActionModalProps<V extends object> {
  title: string;
  open: boolean;
  onClose(): void;
  /** Runs the action with the validated values; resolves to a message to show, or null when done. */
  onSubmit(values: V): Promise<string | null>;
  initialValues?: Partial<V>;
  /** The form's own instance, for forms whose fields depend on each other. */
  form?: FormInstance<V>;
  okText?: string;
  children: ReactNode;
}

/**
 * One action's dialog: an antd Form whose rules must pass before anything is sent, and the refusal
 * (if any) shown in place as an alert; the dialog closes only once the change is queued.
 */
export function ActionModal<V extends object>({
  title,
  open,
  onClose,
  onSubmit,
  initialValues,
  form: given,
  okText,
  children,
}: ActionModalProps<V>) {
  const { t } = useTranslation();
  const [own] = Form.useForm<V>();
  const form = given ?? own;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit() {
    let values: V;
    try {
      values = await form.validateFields();
    } catch {
      return; // the fields say what is wrong
    }
    setBusy(true);
    try {
      const problem = await onSubmit(values);
      setError(problem);
      if (problem === null) onClose();
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={open}
      title={title}
      okText={okText ?? t('actions.submit')}
      cancelText={t('actions.cancel')}
      okButtonProps={{ loading: busy }}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
      afterClose={() => setError(null)}
    >
      <Form<V> form={form} layout="vertical" initialValues={initialValues} preserve={false}>
        {children}
      </Form>
      {error && <Alert type="error" role="alert" showIcon title={error} />}
    </Modal>
  );
}
