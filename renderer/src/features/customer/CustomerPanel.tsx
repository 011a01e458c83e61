import { MenuFoldOutlined, MenuUnfoldOutlined, WarningOutlined } from '@ant-design/icons';
import type { LoyaltyTier } from '@shared/domain/index.ts';
import type { PrivacyField, SealedValue } from '@shared/privacy/sealed.ts';
import { Button, Descriptions, Empty, Flex, Spin, Tag, Tooltip, Typography } from 'antd';
import { memo, useDeferredValue, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useWorkspace } from '../../app/services.tsx';
import { useAppStore } from '../../store/index.ts';
import { useNow } from '../../ui/useNow.ts';
import { CustomerOrders } from './CustomerOrders.tsx';
import { CustomerTickets } from './CustomerTickets.tsx';
import { useCustomer360, type Customer360 } from './useCustomer360.ts';
import './customer.css';

/** The identity fields the panel shows, masked. */
export const IDENTITY_FIELDS = [
  'name',
  'phone',
  'email',
  'address',
] as const satisfies readonly PrivacyField[];
export type IdentityField = (typeof IDENTITY_FIELDS)[number];

/**
 * The slot for the privacy feature's reveal control (features/privacy RevealableField takes exactly
 * these props). When given, it renders each masked identity value in place of the plain mask; the
 * panel itself never sees plaintext.
 */
export type RevealSlot = (props: {
  customerId: string;
  field: IdentityField;
  sealedValue: SealedValue;
}) => ReactNode;

const TIER_COLOR: Record<LoyaltyTier, string> = {
  regular: 'default',
  silver: 'geekblue',
  gold: 'gold',
  vip: 'magenta',
};
const KNOWN_FLAGS = ['allergy_history', 'prior_complaint'] as const;
const FIELD_KEY = {
  name: 'customer.name',
  phone: 'customer.phone',
  email: 'customer.email',
  address: 'customer.address',
} as const satisfies Record<IdentityField, string>;

function identityValue(
  customerId: string,
  field: IdentityField,
  value: SealedValue | null,
  renderReveal: RevealSlot | undefined,
): ReactNode {
  if (!value) return null;
  return renderReveal ? renderReveal({ customerId, field, sealedValue: value }) : value.masked;
}

function Identity({ data, renderReveal }: { data: Customer360; renderReveal?: RevealSlot }) {
  const { t } = useTranslation();
  const { customer } = data;
  if (!customer) return <Typography.Text type="secondary">{t('customer.notCached')}</Typography.Text>;
  const flagLabel = (flag: string) =>
    (KNOWN_FLAGS as readonly string[]).includes(flag)
      ? t(`customer.flag.${flag as (typeof KNOWN_FLAGS)[number]}`)
      : flag;
  return (
    <>
      <Descriptions
        size="small"
        column={1}
        className="cd-customer-identity"
        items={[
          ...IDENTITY_FIELDS.map((field) => ({
            key: field,
            label: t(FIELD_KEY[field]),
            children: (
              <span data-pii-field={field}>
                {identityValue(customer.id, field, customer.pii[field], renderReveal) ??
                  t('customer.notProvided')}
              </span>
            ),
          })),
          {
            key: 'tier',
            label: t('customer.tier'),
            children: (
              <Tag color={TIER_COLOR[customer.loyaltyTier]}>
                {t(`customer.tiers.${customer.loyaltyTier}`)}
              </Tag>
            ),
          },
          {
            key: 'flags',
            label: t('customer.flags'),
            children:
              customer.flags.length > 0 ? (
                <Flex gap={4} wrap role="list" aria-label={t('customer.flags')}>
                  {customer.flags.map((flag) => (
                    <Tag key={flag} role="listitem" color="red" icon={<WarningOutlined aria-hidden />}>
                      {flagLabel(flag)}
                    </Tag>
                  ))}
                </Flex>
              ) : (
                <Typography.Text type="secondary">{t('customer.noFlags')}</Typography.Text>
              ),
          },
        ]}
      />
    </>
  );
}

/** Memoised: while a deferred customer catches up, the urgent render skips it. */
const CustomerDetails = memo(function CustomerDetails({
  data,
  now,
  renderReveal,
}: {
  data: Customer360;
  now: number;
  renderReveal: RevealSlot | undefined;
}) {
  return (
    <>
      <Identity data={data} renderReveal={renderReveal} />
      <CustomerOrders orders={data.orders} now={now} />
      <CustomerTickets tickets={data.otherTickets} now={now} />
    </>
  );
});

/**
 * Customer 360, right of the case: masked identity (with a slot for the privacy feature's reveal
 * control), loyalty tier, sensitivity flags, orders with items, and the customer's other tickets
 * (click to open). Folds to a narrow strip with its toggle.
 */
export function CustomerPanel({ renderReveal }: { renderReveal?: RevealSlot }) {
  const { t } = useTranslation();
  const { db } = useWorkspace();
  const ticketId = useAppStore((s) => s.selectedTicketId);
  const collapsed = useAppStore((s) => s.customerPanelCollapsed);
  const setCollapsed = useAppStore((s) => s.setCustomerPanelCollapsed);
  // Deferred: a newly opened case renders first; its customer follows in a transition render.
  const data = useDeferredValue(useCustomer360(db, ticketId));
  const now = useNow(60_000);

  const toggle = (
    <Tooltip title={t(collapsed ? 'customer.expand' : 'customer.collapse')} placement="left">
      <Button
        type="text"
        aria-label={t(collapsed ? 'customer.expand' : 'customer.collapse')}
        aria-expanded={!collapsed}
        aria-controls="cd-customer-panel-body"
        icon={collapsed ? <MenuFoldOutlined aria-hidden /> : <MenuUnfoldOutlined aria-hidden />}
        onClick={() => setCollapsed(!collapsed)}
      />
    </Tooltip>
  );

  if (collapsed) {
    return (
      <aside aria-label={t('customer.panel')} className="cd-customer cd-customer-collapsed">
        {toggle}
      </aside>
    );
  }

  let body: ReactNode;
  if (!ticketId || data === null) body = <Empty description={t('customer.placeholder')} />;
  else if (data === undefined) body = <Spin aria-label={t('customer.loading')} />;
  else body = <CustomerDetails data={data} now={now} renderReveal={renderReveal} />;

  return (
    <aside aria-labelledby="cd-customer-title" className="cd-customer">
      <Flex justify="space-between" align="center" className="cd-customer-head">
        <Typography.Title level={2} id="cd-customer-title" className="cd-section-title">
          {t('customer.panel')}
        </Typography.Title>
        {toggle}
      </Flex>
      <div id="cd-customer-panel-body" className="cd-customer-body">
        {body}
      </div>
    </aside>
  );
}
