import { describe, expect, it } from 'vitest';
import { createSettingsStore } from '../services/settings/settingsStore.ts';
import { bindContentProtection } from './contentProtection.ts';

function fakeWindow() {
  const calls: boolean[] = [];
  let destroyed = false;
  return {
    calls,
    destroy: () => void (destroyed = true),
    setContentProtection: (enabled: boolean) => void calls.push(enabled),
    isDestroyed: () => destroyed,
  };
}

describe('content protection', () => {
  it('is applied to the window at once, on by default', () => {
    const window = fakeWindow();
    bindContentProtection(window, createSettingsStore());
    expect(window.calls).toEqual([true]);
  });

  it('follows the setting, and stops when unbound or the window is gone', async () => {
    const window = fakeWindow();
    const settings = createSettingsStore();
    const unbind = bindContentProtection(window, settings);
    await settings.update({ contentProtection: false });
    await settings.update({ contentProtection: true });
    expect(window.calls).toEqual([true, false, true]);
    window.destroy();
    await settings.update({ contentProtection: false });
    unbind();
    await settings.update({ contentProtection: true });
    expect(window.calls).toEqual([true, false, true]);
  });
});
