import type { Resources } from '../zh-CN.ts';

/** English: the `presence` keys, same shape as zh-CN/presence.ts. */
export const presence: Resources['presence'] = {
  label: 'Colleagues on this ticket',
  viewingOne: '{{name}} is also viewing',
  viewingMany: '{{names}} are also viewing',
  typingOne: '{{name}} is typing a reply…',
  typingMany: '{{names}} are typing a reply…',
  separator: '; ',
  typingHint: 'Check with your colleague before sending, so the customer does not get two replies.',
};
