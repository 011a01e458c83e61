import type { ReactNode } from 'react';
import './tag.css';

export type TagColor =
  'default' | 'blue' | 'geekblue' | 'gold' | 'purple' | 'green' | 'magenta' | 'red' | 'orange';

/**
 * A tag that looks like antd's preset-coloured Tag, as one span styled by tag.css. For tags rendered
 * in bulk (every queue row has two or three, re-rendered as the list scrolls): antd's Tag runs its
 * token and style hooks per instance, which measured as most of a row's render.
 */
export function Tag({
  color,
  filled = false,
  icon,
  label,
  title,
  children,
}: {
  color: TagColor;
  filled?: boolean;
  icon?: ReactNode;
  /** An accessible name when the text alone says less than it should. */
  label?: string;
  /** The tooltip: the whole text where a narrow place may cut it short. */
  title?: string;
  children: ReactNode;
}) {
  return (
    <span
      className={`cd-tag cd-tag-${color}${filled ? ' cd-tag-filled' : ''}`}
      aria-label={label}
      title={title}
    >
      {icon}
      {children}
    </span>
  );
}
