/** 简体中文: the `presence` keys (one file per feature so features grow their strings side by side). */
export const presence = {
  /** Accessible name of the banner's live region. */
  label: '同时处理此工单的同事',
  viewingOne: '{{name}}也在查看此工单',
  viewingMany: '{{names}}也在查看此工单',
  typingOne: '{{name}}正在输入回复…',
  typingMany: '{{names}}正在输入回复…',
  /** Between a "typing" and a "viewing" sentence. */
  separator: '；',
  typingHint: '发送前请先与同事确认，避免客户收到两份回复。',
} as const;
