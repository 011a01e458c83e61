import { SendOutlined } from '@ant-design/icons';
import type { TicketStatus } from '@shared/domain/index.ts';
import { Alert, Button, Flex, Input, Typography } from 'antd';
import { useId, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useWorkspace } from '../../app/services.tsx';
import { replyErrorKey } from './replyErrorKey.ts';

/** The reply box: Send (or Ctrl+Enter) writes through the sync engine, so the reply shows at once. */
export function Composer({ ticketId, status }: { ticketId: string; status: TicketStatus }) {
  const { t } = useTranslation();
  const { engine } = useWorkspace();
  const inputId = useId();
  const [body, setBody] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const closed = status === 'resolved' || status === 'closed';
  const canSend = !closed && !sending && body.trim().length > 0;

  async function send() {
    if (!canSend) return;
    setSending(true);
    setError(null);
    try {
      await engine.mutate('replyToTicket', { ticketId, eventId: crypto.randomUUID(), body: body.trim() });
      setBody('');
    } catch (err) {
      setError(t('composer.failed', { reason: t(replyErrorKey(err)) }));
    } finally {
      setSending(false);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void send();
    }
  }

  return (
    <form
      className="cd-composer"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      <label htmlFor={inputId} className="cd-composer-label">
        <Typography.Text strong>{t('composer.label')}</Typography.Text>
      </label>
      {closed && <Typography.Paragraph type="secondary">{t('composer.closedHint')}</Typography.Paragraph>}
      {error && <Alert type="error" role="alert" showIcon title={error} />}
      <Input.TextArea
        id={inputId}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        onKeyDown={onKeyDown}
        placeholder={t('composer.placeholder')}
        autoSize={{ minRows: 3, maxRows: 10 }}
        maxLength={10_000}
        disabled={closed}
      />
      <Flex justify="flex-end" className="cd-composer-actions">
        <Button
          type="primary"
          htmlType="submit"
          icon={<SendOutlined aria-hidden />}
          disabled={!canSend}
          loading={sending}
        >
          {t('composer.send')}
        </Button>
      </Flex>
    </form>
  );
}
