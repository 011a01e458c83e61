import { PhoneOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, Input, Popover } from 'antd';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorCode } from '../../api/apiError.ts';
import { errorMessageKey } from '../../i18n/errorMessage.ts';
import { useScreenPop } from './useScreenPop.ts';

type Outcome = 'no_match' | 'no_tickets' | { failed: string } | null;

/** "Incoming call" in the header: the caller's number → their ticket opens (screen pop). */
export function IncomingCallButton() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const pop = useScreenPop();
  const inputId = useId();
  const [open, setOpen] = useState(false);
  const [phone, setPhone] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const number = phone.trim();
    if (!number || busy) return;
    setBusy(true);
    setOutcome(null);
    try {
      const result = await pop(number.slice(0, 64));
      if (result.kind === 'ticket') {
        void message.success(t('workspace.screenPop.opened', { number: result.ticket.number }));
        setOpen(false);
        setPhone('');
      } else setOutcome(result.kind);
    } catch (err) {
      setOutcome({ failed: t(errorMessageKey(errorCode(err))) });
    } finally {
      setBusy(false);
    }
  }

  const form = (
    <form
      onSubmit={(e) => void submit(e)}
      className="cd-screen-pop"
      aria-label={t('workspace.screenPop.title')}
    >
      <Flex vertical gap={8}>
        <label htmlFor={inputId}>{t('workspace.screenPop.phone')}</label>
        <Flex gap={8}>
          <Input
            id={inputId}
            type="tel"
            autoFocus
            value={phone}
            maxLength={64}
            placeholder={t('workspace.screenPop.placeholder')}
            onChange={(e) => {
              setPhone(e.target.value);
              setOutcome(null);
            }}
          />
          <Button type="primary" htmlType="submit" loading={busy} disabled={!phone.trim()}>
            {t('workspace.screenPop.search')}
          </Button>
        </Flex>
        {outcome && (
          <Alert
            type={typeof outcome === 'object' ? 'error' : 'info'}
            role="status"
            showIcon
            title={
              typeof outcome === 'object'
                ? t('workspace.screenPop.failed', { reason: outcome.failed })
                : t(outcome === 'no_match' ? 'workspace.screenPop.noMatch' : 'workspace.screenPop.noTickets')
            }
          />
        )}
      </Flex>
    </form>
  );

  return (
    <Popover
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) setOutcome(null);
      }}
      trigger="click"
      placement="bottomRight"
      title={t('workspace.screenPop.title')}
      content={form}
      destroyOnHidden
    >
      <Button icon={<PhoneOutlined aria-hidden />} aria-expanded={open} aria-haspopup="dialog">
        {t('workspace.screenPop.button')}
      </Button>
    </Popover>
  );
}
