import { Empty, Flex, Spin } from 'antd';
import { memo, useDeferredValue, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useWorkspace } from '../../app/services.tsx';
import { useAppStore } from '../../store/index.ts';
import { useNow } from '../../ui/useNow.ts';
import { CaseActions } from '../actions/CaseActions.tsx';
import { ReturnsSection } from '../actions/ReturnsSection.tsx';
import { useOwnership } from '../actions/useOwnership.ts';
import { Composer } from '../composer/Composer.tsx';
import { PresenceBanner, usePresence } from '../presence/index.ts';
import { CaseHeader } from './CaseHeader.tsx';
import { createLocalEchoes } from './localEchoes.ts';
import { Timeline } from './Timeline.tsx';
import type { CaseData } from './readCase.ts';
import { useCase } from './useCase.ts';
import './case.css';

const LoadedCase = memo(function LoadedCase({ data }: { data: CaseData }) {
  const { t } = useTranslation();
  const now = useNow();
  const ownership = useOwnership(data.ticket);
  const ticketId = data.ticket.id;
  const { reportTyping } = usePresence(ticketId);
  // The history is what a case is opened for: it is the open's first commit. The controls around it
  // (actions, returns, composer) mount in a transition render right after (false on the first render,
  // then true), so an open costs one short commit instead of one long one.
  const withControls = useDeferredValue(true, false);
  const [echoes] = useState(() => createLocalEchoes({ id: ticketId, channel: data.ticket.channel }));
  useEffect(() => echoes.prune(data.events), [echoes, data.events]);

  return (
    <Flex vertical className="cd-case-body" data-case-id={ticketId}>
      <CaseHeader data={data} />
      <PresenceBanner ticketId={ticketId} />
      {withControls && <CaseActions data={data} ownership={ownership} />}
      {/* column-reverse (styles.css) keeps the newest entry in view: hence the inner wrapper. */}
      <div className="cd-case-scroll">
        <div>
          {withControls && <ReturnsSection data={data} />}
          <Timeline key={ticketId} data={data} now={now} echoes={echoes} />
        </div>
      </div>
      {withControls && (
        <Composer
          key={ticketId}
          ticketId={ticketId}
          status={data.ticket.status}
          onTyping={reportTyping}
          echoes={echoes}
          shownEvents={data.events}
          readOnlyReason={
            ownership.heldByOther
              ? t('actions.ownership.readOnly', { name: ownership.holderName ?? '' })
              : null
          }
        />
      )}
    </Flex>
  );
});

/**
 * One case, keyed by its ticket: another case starts from its own read, never re-rendering this one.
 * Hidden (not unmounted) while it is the case being left (see CaseView); its content is memoised, so
 * hiding it re-renders nothing inside.
 */
const OpenCase = memo(function OpenCase({ ticketId, shown }: { ticketId: string; shown: boolean }) {
  const { t } = useTranslation();
  const { db } = useWorkspace();
  const data = useCase(db, ticketId);
  return (
    <div className="cd-case-slot" hidden={!shown}>
      {data === undefined ? (
        <Spin />
      ) : data === null ? (
        <Empty description={t('case.notFound')} />
      ) : (
        <LoadedCase data={data} />
      )}
    </div>
  );
});

/** The right-hand pane: the selected case, or a hint to pick one. */
export function CaseView() {
  const { t } = useTranslation();
  const ticketId = useAppStore((s) => s.selectedTicketId);
  // The case being left stays mounted, hidden, until a transition render right after the switch:
  // unmounting it (the effect clean-ups of its antd controls, ~5 ms) is then off the path of the case
  // being opened, whose first commit only mounts.
  const leaving = useDeferredValue(ticketId);
  const mounted = [...new Set([leaving, ticketId])].filter((id): id is string => id !== null);
  return (
    <section aria-label={t('case.region')} className="cd-case">
      {mounted.map((id) => (
        <OpenCase key={id} ticketId={id} shown={id === ticketId} />
      ))}
      {ticketId === null && (
        <Flex justify="center" align="center" className="cd-case-placeholder">
          <Empty description={t('case.placeholder')} />
        </Flex>
      )}
    </section>
  );
}
