import { useTranslation } from 'react-i18next';
import { formatTimestamp } from '../../ui/formatTime.ts';
import type { CaseSla } from './caseSla.ts';
import { SLA_KIND_KEY, SlaClock } from './SlaClock.tsx';

/** Every SLA clock of the case — first response, next response, resolution — each with its state. */
export function SlaPanel({ sla, now }: { sla: CaseSla; now: number }) {
  const { t, i18n } = useTranslation();
  return (
    <section aria-label={t('sla.panel')} className="cd-sla-panel">
      <ul className="cd-sla-panel-list">
        {sla.clocks.map((clock) => (
          <li key={clock.kind} aria-label={t(SLA_KIND_KEY[clock.kind]).trim()} className="cd-sla-panel-item">
            {clock.kind === 'next_response' && clock.dueAt === null ? (
              <span className="cd-tone-secondary" data-sla-state="none">
                {t('sla.noReplyAwaited')}
              </span>
            ) : (
              <SlaClock kind={clock.kind} dueAt={clock.dueAt} doneAt={clock.doneAt} paused={sla.paused} />
            )}
            {clock.dueAt !== null && (
              <span className="cd-tone-secondary cd-sla-panel-due">
                {t('sla.dueAt', { time: formatTimestamp(clock.dueAt, now, i18n.language) })}
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
