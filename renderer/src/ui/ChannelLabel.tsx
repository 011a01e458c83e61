import {
  AppstoreOutlined,
  CommentOutlined,
  MailOutlined,
  MessageOutlined,
  PhoneOutlined,
  ShopOutlined,
} from '@ant-design/icons';
import type { Channel } from '@shared/domain/index.ts';
import { Space, Typography } from 'antd';
import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';

const ICONS: Record<Channel, ComponentType<{ 'aria-hidden'?: boolean }>> = {
  phone: PhoneOutlined,
  chat: MessageOutlined,
  email: MailOutlined,
  social: CommentOutlined,
  app: AppstoreOutlined,
  marketplace: ShopOutlined,
};

export function ChannelLabel({ channel }: { channel: Channel }) {
  const { t } = useTranslation();
  const Icon = ICONS[channel];
  return (
    <Space size={4} className="cd-channel">
      <Icon aria-hidden />
      <Typography.Text type="secondary">{t(`channel.${channel}`)}</Typography.Text>
    </Space>
  );
}
