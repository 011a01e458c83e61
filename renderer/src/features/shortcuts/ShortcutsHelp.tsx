import { Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store/index.ts';
import { SHORTCUTS } from './shortcuts.ts';
import { useShortcut } from './useShortcut.ts';
import './shortcuts.css';

/** `?` opens a dialog listing every shortcut; Escape or the close button dismisses it. */
export function ShortcutsHelp() {
  const { t } = useTranslation();
  const open = useAppStore((s) => s.shortcutsOpen);
  const setOpen = useAppStore((s) => s.setShortcutsOpen);
  useShortcut('?', (event) => {
    event.preventDefault();
    setOpen(true);
  });
  return (
    <Modal
      open={open}
      title={t('shortcuts.title')}
      onCancel={() => setOpen(false)}
      footer={null}
      closable={{ 'aria-label': t('shortcuts.close') }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('shortcuts.hint')}</Typography.Paragraph>
      <ul className="cd-shortcuts" aria-label={t('shortcuts.list')}>
        {SHORTCUTS.map((s) => (
          <li key={s.id} className="cd-shortcuts-row">
            <span className="cd-shortcuts-keys">
              {s.keys.map((k, i) => (
                <span key={k}>
                  {i > 0 && ' / '}
                  <kbd>{k}</kbd>
                </span>
              ))}
            </span>
            <span>{t(`shortcuts.${s.id}`)}</span>
          </li>
        ))}
      </ul>
    </Modal>
  );
}
