import type { Priority } from '@shared/domain/index.ts';
import type { PriorityReason } from '@shared/priority/computePriority.ts';
import { Tag, type TagColor } from './Tag.tsx';
import { useT } from '../i18n/useT.ts';

const COLORS: Record<Priority, TagColor> = { urgent: 'red', high: 'orange', normal: 'blue', low: 'default' };
const KNOWN_REASONS: readonly PriorityReason[] = [
  'health_risk',
  'strong_emotion',
  'complaint',
  'vip_customer',
  'routine',
];

/** The priority and why (shared/priority reasons), e.g. "紧急 · 可能涉及健康问题". */
export function PriorityTag({ priority, reasons }: { priority: Priority; reasons: readonly string[] }) {
  const { t } = useT();
  const explained = reasons
    .filter((r): r is PriorityReason => KNOWN_REASONS.includes(r as PriorityReason))
    .filter((r) => r !== 'routine')
    .map((r) => t(`priority.reason.${r}`));
  const label = t(`priority.${priority}`);
  const text = [label, ...explained].join(' · ');
  return (
    // The name carries the reasons too: a screen reader reads the label, not the tag's text.
    <Tag color={COLORS[priority]} label={t('priority.label', { priority: text })} title={text}>
      {text}
    </Tag>
  );
}
