import {
  AlertOutlined,
  BulbOutlined,
  CarOutlined,
  ClockCircleOutlined,
  FileTextOutlined,
  FormOutlined,
  GiftOutlined,
  MedicineBoxOutlined,
  MoneyCollectOutlined,
  PaperClipOutlined,
  PhoneOutlined,
  RollbackOutlined,
  SendOutlined,
  StarOutlined,
  SwapOutlined,
  TagsOutlined,
  ToolOutlined,
  UserOutlined,
  UserSwitchOutlined,
} from '@ant-design/icons';
import type { AttachmentRef, TicketEventKind } from '@shared/domain/index.ts';
import { Rate } from 'antd';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import type { TextFieldName } from '@shared/privacy/sealedText.ts';
import type { CachedEvent } from '../../db/types.ts';
import { formatTimestamp } from '../../ui/formatTime.ts';
import { formatFen } from '../customer/CustomerOrders.tsx';
import type { CaseData } from './readCase.ts';
import { MaskedText } from '../privacy/index.ts';

/** What the label and body of an entry need besides the event. */
export interface EntryContext {
  t: TFunction;
  language: string;
  now: number;
  data: CaseData;
}

const SEVERITY = { low: 'Low', medium: 'Medium', high: 'High' } as const;

function agentName(ctx: EntryContext, id: string | null): string {
  return (id && ctx.data.agents.get(id)?.displayName) || ctx.t('actions.ownership.unknownAgent');
}

/** The entry's one-line title: what happened, with its key figure (amount, RMA, time…). */
export function kindLabel(event: CachedEvent, ctx: EntryContext): string {
  const { t, language, now } = ctx;
  const time = (ms: number) => formatTimestamp(ms, now, language);
  switch (event.kind) {
    case 'message':
      return t(event.direction === 'inbound' ? 'case.event.inbound' : 'case.event.outbound');
    case 'note':
      return t('case.event.note');
    case 'call':
      return t(event.direction === 'inbound' ? 'case.event.callInbound' : 'case.event.callOutbound');
    case 'status_change':
      return t('case.event.statusChange', { from: t(`status.${event.from}`), to: t(`status.${event.to}`) });
    case 'classification':
      return t('actions.timeline.classification', { category: t(`category.${event.category}`) });
    case 'take_over':
      return t('actions.timeline.takeOver');
    case 'refund':
      return t('actions.timeline.refund', { amount: formatFen(event.amount, language) });
    case 'return_request':
      return t('actions.timeline.returnRequest', {
        kind: t(event.returnKind === 'return' ? 'actions.fields.kindReturn' : 'actions.fields.kindExchange'),
        rma: event.rmaNo,
      });
    case 'logistics_update':
      return t('actions.timeline.logisticsUpdate', {
        rma: event.rmaNo,
        status: t(`actions.logistics.${event.status}`),
      });
    case 'repair':
      return t('actions.timeline.repair');
    case 'compensation':
      return event.form === 'coupon'
        ? t('actions.timeline.compensationCoupon', { amount: formatFen(event.amount, language) })
        : t('actions.timeline.compensationPoints', { points: event.amount });
    case 'medical_referral':
      return t('actions.timeline.medicalReferral');
    case 'escalation':
      return t('actions.timeline.escalation');
    case 'callback':
      if (event.action === 'done' || event.dueAt === null) return t('actions.timeline.callbackDone');
      return t(
        event.action === 'rescheduled'
          ? 'actions.timeline.callbackRescheduled'
          : 'actions.timeline.callbackScheduled',
        { time: time(event.dueAt) },
      );
    case 'survey_request':
      return t('actions.timeline.surveyRequest');
    case 'survey_result':
      return t('actions.timeline.surveyResult', { score: event.score });
    case 'product_feedback':
      return t('actions.timeline.productFeedback', {
        severity: t(`actions.fields.severity${SEVERITY[event.severity]}`),
      });
  }
}

function Text({ children }: { children: ReactNode }) {
  return <p className="cd-event-body">{children}</p>;
}

function Secondary({ children }: { children: ReactNode }) {
  return <span className="cd-text-secondary">{children}</span>;
}

/**
 * A free-text field of the event as cached: masked where it held personal data, each mask a reveal
 * through the main process (MaskedText), bound to this event and field.
 */
function FreeText({
  event,
  field,
  text,
  ctx,
  inline = false,
}: {
  event: CachedEvent;
  field: TextFieldName;
  text: string;
  ctx: EntryContext;
  /** Inside a line of its own (a reason after its label) rather than a paragraph. */
  inline?: boolean;
}) {
  const masked = (
    <MaskedText
      text={text}
      customerId={ctx.data.ticket.customerId}
      recordId={event.id}
      field={field}
      sealed={event.sealedText?.[field]}
    />
  );
  return inline ? masked : <Text>{masked}</Text>;
}

/** Lines of an entry's details, one under another. */
function Lines({ children }: { children: ReactNode }) {
  return <div className="cd-event-lines">{children}</div>;
}

function formatSize(bytes: number, language: string): string {
  return new Intl.NumberFormat(language, {
    style: 'unit',
    unit: bytes >= 1024 * 1024 ? 'megabyte' : 'kilobyte',
    maximumFractionDigits: 1,
  }).format(bytes >= 1024 * 1024 ? bytes / (1024 * 1024) : Math.max(0.1, bytes / 1024));
}

function Attachments({ files, ctx }: { files: readonly AttachmentRef[] | undefined; ctx: EntryContext }) {
  if (!files?.length) return null;
  return (
    <ul aria-label={ctx.t('actions.timeline.attachments')} className="cd-event-attachments">
      {files.map((f, i) => (
        <li key={`${f.name}-${i}`}>
          <PaperClipOutlined aria-hidden />{' '}
          {ctx.t('actions.timeline.attachment', {
            name: f.name,
            size: formatSize(f.sizeBytes, ctx.language),
          })}
        </li>
      ))}
    </ul>
  );
}

/** The entry's details under its title. */
export function EventBody({ event, ctx }: { event: CachedEvent; ctx: EntryContext }) {
  const { t } = ctx;
  const reason = (text: string) => (
    <Secondary>
      {t('actions.timeline.reasonLabel')}
      <FreeText event={event} field="reason" text={text} ctx={ctx} inline />
    </Secondary>
  );
  const freeText = (field: TextFieldName, text: string) => (
    <FreeText event={event} field={field} text={text} ctx={ctx} />
  );
  const orderNo = (id: string | null) => (id ? ctx.data.orders.get(id)?.orderNo : undefined);
  switch (event.kind) {
    case 'message':
    case 'note':
      return (
        <>
          <FreeText event={event} field="body" text={event.body} ctx={ctx} />
          <Attachments files={event.attachments} ctx={ctx} />
        </>
      );
    case 'call':
      return (
        <>
          <Secondary>
            {t('case.event.callDuration', {
              minutes: Math.floor(event.durationSec / 60),
              seconds: event.durationSec % 60,
            })}
            {event.wrapUpCode ? ` · ${t('case.event.wrapUp', { code: event.wrapUpCode })}` : ''}
          </Secondary>
          {event.summary && <FreeText event={event} field="summary" text={event.summary} ctx={ctx} />}
        </>
      );
    case 'status_change':
      return event.reason ? (
        <Secondary>{t('case.event.statusReason', { reason: event.reason })}</Secondary>
      ) : null;
    case 'classification':
      return (
        <Secondary>
          {t('actions.timeline.rootCause', {
            rootCause: event.rootCause
              ? t(`queue.rootCause.${event.rootCause}`)
              : t('actions.fields.rootCauseNone'),
          })}
        </Secondary>
      );
    case 'take_over':
      return (
        <Lines>
          <Secondary>
            {t('actions.timeline.takeOverFrom', { name: agentName(ctx, event.fromAgentId) })}
          </Secondary>
          {reason(event.reason)}
        </Lines>
      );
    case 'refund': {
      const no = orderNo(event.orderId);
      return (
        <Lines>
          {no && <Secondary>{t('actions.timeline.refundOrder', { orderNo: no })}</Secondary>}
          {reason(event.reason)}
        </Lines>
      );
    }
    case 'return_request': {
      const no = orderNo(event.orderId);
      return (
        <Lines>
          {no && <Secondary>{t('actions.returns.order', { orderNo: no })}</Secondary>}
          <Secondary>
            {event.trackingNo
              ? t('actions.returns.tracking', { carrier: event.carrier ?? '', trackingNo: event.trackingNo })
              : t('actions.returns.noTracking')}
          </Secondary>
          {reason(event.reason)}
        </Lines>
      );
    }
    case 'logistics_update':
      return (
        <Lines>
          {event.trackingNo && (
            <Secondary>
              {t('actions.returns.tracking', { carrier: event.carrier ?? '', trackingNo: event.trackingNo })}
            </Secondary>
          )}
          {event.note && freeText('note', event.note)}
        </Lines>
      );
    case 'repair':
      return (
        <Lines>
          {event.sku && <Secondary>{t('actions.timeline.sku', { sku: event.sku })}</Secondary>}
          {freeText('description', event.description)}
        </Lines>
      );
    case 'compensation':
    case 'escalation':
      return reason(event.reason);
    case 'medical_referral':
      return freeText('advice', event.advice);
    case 'callback':
      return event.note ? freeText('note', event.note) : null;
    case 'survey_request':
      return null;
    case 'survey_result':
      return (
        <Lines>
          <Rate disabled value={event.score} aria-hidden />
          {event.comment && freeText('comment', event.comment)}
        </Lines>
      );
    case 'product_feedback':
      return (
        <Lines>
          {event.sku && <Secondary>{t('actions.timeline.sku', { sku: event.sku })}</Secondary>}
          {freeText('summary', event.summary)}
        </Lines>
      );
  }
}

const ICONS: Record<Exclude<TicketEventKind, 'message'>, ReactNode> = {
  note: <FileTextOutlined aria-hidden />,
  call: <PhoneOutlined aria-hidden />,
  status_change: <SwapOutlined aria-hidden />,
  classification: <TagsOutlined aria-hidden />,
  take_over: <UserSwitchOutlined aria-hidden />,
  refund: <MoneyCollectOutlined aria-hidden />,
  return_request: <RollbackOutlined aria-hidden />,
  logistics_update: <CarOutlined aria-hidden />,
  repair: <ToolOutlined aria-hidden />,
  compensation: <GiftOutlined aria-hidden />,
  medical_referral: <MedicineBoxOutlined aria-hidden />,
  escalation: <AlertOutlined aria-hidden />,
  callback: <ClockCircleOutlined aria-hidden />,
  survey_request: <FormOutlined aria-hidden />,
  survey_result: <StarOutlined aria-hidden />,
  product_feedback: <BulbOutlined aria-hidden />,
};

export function eventIcon(event: CachedEvent): ReactNode {
  if (event.kind === 'message')
    return event.direction === 'inbound' ? <UserOutlined aria-hidden /> : <SendOutlined aria-hidden />;
  return ICONS[event.kind];
}

const COLORS: Record<TicketEventKind, string> = {
  message: 'blue',
  note: 'orange',
  call: 'green',
  status_change: 'gray',
  classification: 'gray',
  take_over: 'purple',
  refund: 'red',
  return_request: 'cyan',
  logistics_update: 'cyan',
  repair: 'cyan',
  compensation: 'gold',
  medical_referral: 'red',
  escalation: 'red',
  callback: 'geekblue',
  survey_request: 'lime',
  survey_result: 'lime',
  product_feedback: 'magenta',
};

export function eventColor(event: CachedEvent): string {
  return event.kind === 'message' && event.direction === 'outbound' ? 'green' : COLORS[event.kind];
}
