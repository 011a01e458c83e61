import { CloseOutlined, PaperClipOutlined } from '@ant-design/icons';
import type { AttachmentRef } from '@shared/domain/index.ts';
import { Button, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { sizeParts } from './attachments.ts';

/** The files picked for the reply or note, by name and size, each with a remove button. */
export function AttachmentList({
  attachments,
  disabled,
  onRemove,
}: {
  attachments: readonly AttachmentRef[];
  disabled: boolean;
  onRemove(name: string): void;
}) {
  const { t } = useTranslation();
  if (attachments.length === 0) return null;
  return (
    <ul aria-label={t('workspace.composer.attachments.list')} className="cd-composer-attachments">
      {attachments.map((a) => {
        const size = sizeParts(a.sizeBytes);
        return (
          <li key={a.name}>
            <Flex align="center" gap={6}>
              <PaperClipOutlined aria-hidden />
              <Typography.Text ellipsis className="cd-composer-attachment-name">
                {a.name}
              </Typography.Text>
              <Typography.Text type="secondary">
                {t(`workspace.composer.attachments.${size.unit}`, { value: size.value })}
              </Typography.Text>
              <Button
                type="text"
                size="small"
                icon={<CloseOutlined aria-hidden />}
                aria-label={t('workspace.composer.attachments.remove', { name: a.name })}
                disabled={disabled}
                onClick={() => onRemove(a.name)}
              />
            </Flex>
          </li>
        );
      })}
    </ul>
  );
}
