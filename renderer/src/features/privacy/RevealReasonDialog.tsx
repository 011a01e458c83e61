import { REASON_TEXT_MAX, REVEAL_REASONS, type RevealReason } from '@shared/privacy/reveal.ts';
import { Alert, Flex, Input, Modal, Radio, Typography } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

export interface RevealChoice {
  reason: RevealReason;
  reasonText?: string;
}

export interface RevealReasonDialogProps {
  open: boolean;
  /** Already translated (privacy.field.*). */
  fieldLabel: string;
  busy: boolean;
  /** A failed reveal's message, already translated. */
  error: string | null;
  onConfirm(choice: RevealChoice): void;
  onCancel(): void;
}

/** Asks why the agent needs the full value; `other` needs words. Nothing is revealed from here. */
export function RevealReasonDialog({
  open,
  fieldLabel,
  busy,
  error,
  onConfirm,
  onCancel,
}: RevealReasonDialogProps) {
  const { t } = useTranslation();
  const textId = useId();
  const [reason, setReason] = useState<RevealReason | null>(null);
  const [reasonText, setReasonText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const confirm = () => {
    if (!reason) return setProblem(t('privacy.reveal.reasonRequired'));
    if (reason === 'other' && !reasonText.trim()) return setProblem(t('privacy.reveal.reasonTextRequired'));
    setProblem(null);
    onConfirm(reason === 'other' ? { reason, reasonText: reasonText.trim() } : { reason });
  };

  return (
    <Modal
      open={open}
      title={t('privacy.reveal.dialogTitle', { field: fieldLabel })}
      okText={t('privacy.reveal.confirm')}
      cancelText={t('privacy.reveal.cancel')}
      okButtonProps={{ loading: busy }}
      onOk={confirm}
      onCancel={onCancel}
      destroyOnHidden
      afterClose={() => {
        setReason(null);
        setReasonText('');
        setProblem(null);
      }}
    >
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">{t('privacy.reveal.notice')}</Typography.Text>
        <Radio.Group
          aria-label={t('privacy.reveal.reasonGroup')}
          orientation="vertical"
          value={reason}
          onChange={(e) => {
            setReason(e.target.value as RevealReason);
            setProblem(null);
          }}
          options={REVEAL_REASONS.map((value) => ({ value, label: t(`privacy.reveal.reason.${value}`) }))}
        />
        {reason === 'other' && (
          <Flex vertical gap={4}>
            <label htmlFor={textId}>{t('privacy.reveal.reasonText')}</label>
            <Input.TextArea
              id={textId}
              value={reasonText}
              maxLength={REASON_TEXT_MAX}
              placeholder={t('privacy.reveal.reasonTextPlaceholder')}
              autoSize={{ minRows: 2, maxRows: 4 }}
              onChange={(e) => {
                setReasonText(e.target.value);
                setProblem(null);
              }}
            />
          </Flex>
        )}
        {(problem ?? error) && <Alert type="error" showIcon title={problem ?? error} />}
      </Flex>
    </Modal>
  );
}
