import { Empty, Flex, Spin } from 'antd';
import { useEffect, useRef } from 'react';
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
import { Timeline } from './Timeline.tsx';
import { useCase, type CaseData } from './useCase.ts';
import './case.css';

function LoadedCase({ data }: { data: CaseData }) {
  const { t } = useTranslation();
  const now = useNow();
  const scrollRef = useRef<HTMLDivElement>(null);
  const ownership = useOwnership(data.ticket);
  const ticketId = data.ticket.id;
  const { reportTyping } = usePresence(ticketId);
  const eventCount = data.events.length;

  // Keep the newest entry in view as the timeline grows.
  useEffect(() => {
    const el = scrollRef.current;
    if (el && typeof el.scrollTo === 'function') el.scrollTo({ top: el.scrollHeight });
  }, [eventCount, ticketId]);

  return (
    <Flex vertical className="cd-case-body">
      <CaseHeader data={data} />
      <PresenceBanner ticketId={ticketId} />
      <CaseActions data={data} ownership={ownership} />
      <div ref={scrollRef} className="cd-case-scroll">
        <ReturnsSection data={data} />
        <Timeline key={ticketId} data={data} now={now} />
      </div>
      <Composer
        key={ticketId}
        ticketId={ticketId}
        status={data.ticket.status}
        onTyping={reportTyping}
        readOnlyReason={
          ownership.heldByOther ? t('actions.ownership.readOnly', { name: ownership.holderName ?? '' }) : null
        }
      />
    </Flex>
  );
}

function OpenCase({ ticketId }: { ticketId: string }) {
  const { t } = useTranslation();
  const { db } = useWorkspace();
  const data = useCase(db, ticketId);
  if (data === undefined) return <Spin />;
  if (data === null) return <Empty description={t('case.notFound')} />;
  return <LoadedCase data={data} />;
}

/** The right-hand pane: the selected case, or a hint to pick one. */
export function CaseView() {
  const { t } = useTranslation();
  const ticketId = useAppStore((s) => s.selectedTicketId);
  return (
    <section aria-label={t('case.region')} className="cd-case">
      {ticketId ? (
        <OpenCase ticketId={ticketId} />
      ) : (
        <Flex justify="center" align="center" className="cd-case-placeholder">
          <Empty description={t('case.placeholder')} />
        </Flex>
      )}
    </section>
  );
}
