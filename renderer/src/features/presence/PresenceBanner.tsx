import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PresenceEntry } from '@shared/sync/presence.ts';
import { usePresence } from './usePresence.ts';
import './presence.css';

/** "王磊和李娜" / "Wang Lei and Li Na", in the interface language. */
function joinNames(entries: readonly PresenceEntry[], language: string): string {
  return new Intl.ListFormat(language, { type: 'conjunction' }).format(entries.map((e) => e.displayName));
}

/**
 * A quiet collision warning above the case: who else has this ticket open, and who is typing a reply
 * right now. The live region is always there (empty when nobody is), so screen readers announce
 * colleagues arriving without stealing focus.
 */
export function PresenceBanner({ ticketId }: { ticketId: string }) {
  const { t, i18n } = useTranslation();
  const { others } = usePresence(ticketId);
  const typing = others.filter((e) => e.typing);
  const viewing = others.filter((e) => !e.typing);

  const lines: string[] = [];
  if (typing.length) {
    const names = joinNames(typing, i18n.language);
    lines.push(
      typing.length === 1 ? t('presence.typingOne', { name: names }) : t('presence.typingMany', { names }),
    );
  }
  if (viewing.length) {
    const names = joinNames(viewing, i18n.language);
    lines.push(
      viewing.length === 1 ? t('presence.viewingOne', { name: names }) : t('presence.viewingMany', { names }),
    );
  }

  return (
    <div role="status" aria-label={t('presence.label')} className="presence-banner">
      {lines.length > 0 && (
        <Alert
          // The wrapper is the (polite) live region; the Alert's own role="alert" would interrupt.
          role="presentation"
          type="info"
          showIcon
          title={lines.join(t('presence.separator'))}
          description={typing.length ? t('presence.typingHint') : undefined}
        />
      )}
    </div>
  );
}
