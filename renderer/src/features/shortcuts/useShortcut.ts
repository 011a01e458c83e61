import { useEffect, useRef } from 'react';

/**
 * Single-key shortcuts (j, k, c, /, ?) must never fire while the agent types: not in text fields,
 * selects or editable content, not inside an open dialog, not with Ctrl/Alt/Meta held.
 */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target.closest('input, textarea, select, [role="combobox"], [role="textbox"]')) return true;
  return target.closest('[role="dialog"], [role="alertdialog"]') !== null;
}

/** Calls `handler` when `key` (KeyboardEvent.key, e.g. "j" or "?") is pressed outside text input. */
export function useShortcut(key: string, handler: (event: KeyboardEvent) => void, enabled = true): void {
  const handlerRef = useRef(handler);
  useEffect(() => {
    handlerRef.current = handler;
  });
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== key || event.defaultPrevented) return;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTypingTarget(event.target)) return;
      handlerRef.current(event);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [key, enabled]);
}
