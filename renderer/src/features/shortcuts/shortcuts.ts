/** The workspace's keyboard shortcuts, as the help dialog lists them (labels: `shortcuts.<id>`). */
export const SHORTCUTS = [
  { id: 'next', keys: ['j', '↓'] },
  { id: 'previous', keys: ['k', '↑'] },
  { id: 'open', keys: ['Enter'] },
  { id: 'claim', keys: ['c'] },
  { id: 'search', keys: ['/'] },
  { id: 'help', keys: ['?'] },
] as const;

export type ShortcutId = (typeof SHORTCUTS)[number]['id'];
