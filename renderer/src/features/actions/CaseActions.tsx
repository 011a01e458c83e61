import { DownOutlined, MedicineBoxOutlined, ToolOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { maySendSurvey, rmaNumbers } from '@shared/ticket/afterSalesRules.ts';
import { nextStatuses } from '@shared/ticket/stateMachine.ts';
import { Alert, Button, Dropdown, Flex, Tag, Typography, type MenuProps } from 'antd';
import { useState, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { useWorkspace } from '../../app/services.tsx';
import type { CaseData } from '../case/readCase.ts';
import { refusalText } from './actionError.ts';
import { CallbackForm } from './forms/CallbackForm.tsx';
import { ClassifyForm } from './forms/ClassifyForm.tsx';
import { CompensationForm } from './forms/CompensationForm.tsx';
import { ForwardForm } from './forms/ForwardForm.tsx';
import { LogCallForm } from './forms/LogCallForm.tsx';
import { LogisticsForm } from './forms/LogisticsForm.tsx';
import { RefundForm } from './forms/RefundForm.tsx';
import { RepairForm } from './forms/RepairForm.tsx';
import { ReturnForm } from './forms/ReturnForm.tsx';
import { StatusForm } from './forms/StatusForm.tsx';
import { EscalateForm, MedicalForm, SurveyForm, TakeOverForm } from './forms/TextActionForms.tsx';
import type { ActionFormProps } from './forms/types.ts';
import { useActionData } from './useActionData.ts';
import { actionNameKey } from './useActionRunner.ts';
import type { Ownership } from './useOwnership.ts';
import './actions.css';

/** Menu order: what agents reach for most first (see the after-sales plans: refund, return, callback). */
const MENU = [
  'issueRefund',
  'createReturn',
  'updateLogistics',
  'requestRepair',
  'grantCompensation',
  'callbacks',
  'logCall',
  'referMedical',
  'escalateComplaint',
  'forwardToProduct',
  'requestSurvey',
  'classifyTicket',
  'setStatus',
] as const;
type ActionKey = (typeof MENU)[number] | 'takeOverTicket';

const FORMS: Record<ActionKey, ComponentType<ActionFormProps>> = {
  issueRefund: RefundForm,
  createReturn: ReturnForm,
  updateLogistics: LogisticsForm,
  requestRepair: RepairForm,
  grantCompensation: CompensationForm,
  callbacks: CallbackForm,
  logCall: LogCallForm,
  referMedical: MedicalForm,
  escalateComplaint: EscalateForm,
  forwardToProduct: ForwardForm,
  requestSurvey: SurveyForm,
  classifyTicket: ClassifyForm,
  setStatus: StatusForm,
  takeOverTicket: TakeOverForm,
};

/** Open to everyone who sees the ticket (shared ownership.ts): colleagues log calls without taking it. */
const OPEN_TO_ALL: ReadonlySet<ActionKey> = new Set(['logCall', 'takeOverTicket']);

/**
 * The case's after-sales actions: who owns the ticket (with Take over when a colleague does), an
 * Actions menu opening one form per action, the medical-advice prompt on health-risk tickets, and
 * the changes of this ticket the server refused.
 */
export function CaseActions({ data, ownership }: { data: CaseData; ownership: Ownership }) {
  const { t, i18n } = useTranslation();
  const { db } = useWorkspace();
  const extra = useActionData(db, data.ticket);
  const [active, setActive] = useState<ActionKey | null>(null);
  const { ticket, events } = data;
  const closed = ticket.status === 'closed';

  const disabledReason = (key: ActionKey): string | null => {
    if (closed) return t('sync.reject.ticket_closed');
    if (!OPEN_TO_ALL.has(key) && ownership.reason) return ownership.reason;
    if (key === 'requestSurvey' && !maySendSurvey(ticket.status, events))
      return t('actions.survey.notAllowed');
    if (key === 'updateLogistics' && rmaNumbers(events).length === 0) return t('actions.fields.noRma');
    if (key === 'setStatus' && nextStatuses(ticket.status).length === 0)
      return t('actions.fields.noNextStatus');
    return null;
  };

  const items: MenuProps['items'] = MENU.map((key) => {
    const reason = disabledReason(key);
    return {
      key,
      label: t(actionNameKey(key)),
      disabled: reason !== null,
      ...(reason ? { title: reason, 'aria-description': reason } : {}),
    };
  });

  const healthRisk =
    ticket.priorityReasons.includes('health_risk') && !events.some((e) => e.kind === 'medical_referral');
  const medicalReason = disabledReason('referMedical');
  const Form = active ? FORMS[active] : null;

  return (
    <section aria-label={t('actions.region')} className="cd-case-actions">
      <Flex gap={8} align="center" wrap>
        <Typography.Text type="secondary">{t('actions.ownership.label')}</Typography.Text>
        <Tag color={ownership.heldByOther ? 'orange' : ticket.assigneeId ? 'green' : 'default'}>
          {ownership.heldByOther
            ? t('actions.ownership.ownedBy', { name: ownership.holderName ?? '' })
            : ticket.assigneeId
              ? t('actions.ownership.mine')
              : t('actions.ownership.unassigned')}
        </Tag>
        {ownership.heldByOther && !closed && (
          <Button
            size="small"
            icon={<UserSwitchOutlined aria-hidden />}
            onClick={() => setActive('takeOverTicket')}
          >
            {t('actions.ownership.takeOver')}
          </Button>
        )}
        <Dropdown trigger={['click']} menu={{ items, onClick: ({ key }) => setActive(key as ActionKey) }}>
          <Button size="small" icon={<ToolOutlined aria-hidden />}>
            {t('actions.menu')} <DownOutlined aria-hidden />
          </Button>
        </Dropdown>
      </Flex>
      {healthRisk && (
        <Alert
          className="cd-health-alert"
          type="warning"
          showIcon
          title={t('actions.health.title')}
          description={t('actions.health.description')}
          action={
            <Button
              danger
              icon={<MedicineBoxOutlined aria-hidden />}
              disabled={medicalReason !== null}
              title={medicalReason ?? undefined}
              aria-description={medicalReason ?? undefined}
              onClick={() => setActive('referMedical')}
            >
              {t('actions.health.refer')}
            </Button>
          }
        />
      )}
      {extra.rejected.length > 0 && (
        <Alert
          type="error"
          showIcon
          title={t('actions.rejected.title')}
          description={
            <ul className="cd-rejected-list">
              {extra.rejected.map((r) => (
                <li key={r.id}>
                  {t('actions.rejected.item', {
                    action: t(actionNameKey(r.name)),
                    reason: refusalText(
                      t,
                      { code: r.reason, details: r.details ?? undefined },
                      i18n.language,
                    ),
                  })}
                </li>
              ))}
            </ul>
          }
        />
      )}
      {Form && <Form data={data} extra={extra} onClose={() => setActive(null)} />}
    </section>
  );
}
