import {
  AppstoreOutlined,
  CommentOutlined,
  MailOutlined,
  MessageOutlined,
  PhoneOutlined,
  ShopOutlined,
} from '@ant-design/icons';
import type { Channel } from '@shared/domain/index.ts';
import type { ComponentType } from 'react';
import { useT } from '../i18n/useT.ts';

const ICONS: Record<Channel, ComponentType<{ 'aria-hidden'?: boolean }>> = {
  phone: PhoneOutlined,
  chat: MessageOutlined,
  email: MailOutlined,
  social: CommentOutlined,
  app: AppstoreOutlined,
  marketplace: ShopOutlined,
};

/** The channel's icon and name. Plain elements: it is on every queue row and timeline message. */
export function ChannelLabel({ channel }: { channel: Channel }) {
  const { t } = useT();
  const Icon = ICONS[channel];
  return (
    <span className="cd-channel">
      <Icon aria-hidden />
      <span className="cd-text-secondary">{t(`channel.${channel}`)}</span>
    </span>
  );
}
