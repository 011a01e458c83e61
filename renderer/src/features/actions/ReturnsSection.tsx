import { LogisticsStatus } from '@shared/domain/index.ts';
import { Steps, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CachedEvent } from '../../db/types.ts';
import type { CaseData } from '../case/readCase.ts';

type ReturnRequest = Extract<CachedEvent, { kind: 'return_request' }>;
type LogisticsUpdate = Extract<CachedEvent, { kind: 'logistics_update' }>;

// The shared enum is in process order; `exception` is a state, not a step, and a return ships nothing back.
const EXCHANGE_STEPS: readonly LogisticsStatus[] = LogisticsStatus.options.filter((s) => s !== 'exception');
const RETURN_STEPS = EXCHANGE_STEPS.filter((s) => s !== 'replacement_shipped');

/** Where one RMA stands: its step, whether it is stuck (exception), and its latest tracking number. */
export function returnProgress(request: ReturnRequest, updates: readonly LogisticsUpdate[]) {
  const steps = request.returnKind === 'exchange' ? EXCHANGE_STEPS : RETURN_STEPS;
  const latest = updates.at(-1);
  const lastStep = [...updates].reverse().find((u) => u.status !== 'exception');
  const current = lastStep ? steps.indexOf(lastStep.status) : -1;
  const tracked = [...updates].reverse().find((u) => u.trackingNo !== null);
  return {
    steps,
    current,
    status: latest?.status ?? null,
    exception: latest?.status === 'exception',
    carrier: tracked ? tracked.carrier : request.carrier,
    trackingNo: tracked ? tracked.trackingNo : request.trackingNo,
  };
}

/** Each return or exchange opened on this ticket, with its logistics steps and tracking number. */
export function ReturnsSection({ data }: { data: CaseData }) {
  const { t } = useTranslation();
  const requests = data.events.filter((e): e is ReturnRequest => e.kind === 'return_request');
  if (requests.length === 0) return null;
  return (
    <section aria-labelledby="cd-returns-title" className="cd-returns">
      <Typography.Title level={5} id="cd-returns-title" className="cd-returns-title">
        {t('actions.returns.title')}
      </Typography.Title>
      {requests.map((request) => {
        const updates = data.events.filter(
          (e): e is LogisticsUpdate => e.kind === 'logistics_update' && e.rmaNo === request.rmaNo,
        );
        const p = returnProgress(request, updates);
        const kind = t(
          request.returnKind === 'return' ? 'actions.fields.kindReturn' : 'actions.fields.kindExchange',
        );
        const orderNo = data.orders.get(request.orderId)?.orderNo;
        return (
          <article
            key={request.id}
            aria-label={t('actions.returns.item', { kind, rma: request.rmaNo })}
            data-logistics-status={p.status ?? 'none'}
          >
            <Typography.Text strong>
              {t('actions.returns.item', { kind, rma: request.rmaNo })}
            </Typography.Text>
            {orderNo && (
              <Typography.Text type="secondary"> · {t('actions.returns.order', { orderNo })}</Typography.Text>
            )}
            <Typography.Paragraph type="secondary">
              {p.trackingNo
                ? t('actions.returns.tracking', { carrier: p.carrier ?? '', trackingNo: p.trackingNo })
                : t('actions.returns.noTracking')}
              {p.exception ? ` · ${t('actions.logistics.exception')}` : ''}
            </Typography.Paragraph>
            <div role="group" aria-label={t('actions.returns.steps', { rma: request.rmaNo })}>
              <Steps
                size="small"
                current={Math.max(p.current, 0)}
                status={
                  p.exception
                    ? 'error'
                    : p.status === 'completed'
                      ? 'finish'
                      : p.current < 0
                        ? 'wait'
                        : 'process'
                }
                items={p.steps.map((s) => ({ title: t(`actions.logistics.${s}`) }))}
              />
            </div>
          </article>
        );
      })}
    </section>
  );
}
