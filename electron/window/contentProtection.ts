/** The one BrowserWindow method this module needs, so it is testable without Electron. */
export interface ProtectableWindow {
  setContentProtection(enabled: boolean): void;
  isDestroyed(): boolean;
}

export interface ContentProtectionSource {
  get(): { contentProtection: boolean };
  subscribe(listener: (settings: { contentProtection: boolean }) => void): () => void;
}

/**
 * Keeps the window's content protection (no screenshots, no screen sharing of customer data; macOS
 * and Windows — Linux has no such API) in step with the setting: applied at once, then on every change.
 * Returns the unsubscribe function.
 */
export function bindContentProtection(
  window: ProtectableWindow,
  settings: ContentProtectionSource,
): () => void {
  const apply = (enabled: boolean) => {
    if (!window.isDestroyed()) window.setContentProtection(enabled);
  };
  apply(settings.get().contentProtection);
  return settings.subscribe((next) => apply(next.contentProtection));
}
