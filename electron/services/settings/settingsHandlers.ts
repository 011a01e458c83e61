import type { ApiHandlers } from '@shared/api/contract.ts';
import { ApiCallError } from '@shared/api/errors.ts';
import type { Agent } from '@shared/domain/index.ts';
import type { DeviceSettings } from '@shared/privacy/deviceSettings.ts';
import { mayChangeDeviceSettings } from '@shared/privacy/deviceSettings.ts';
import type { Settings, SettingsStore } from './settingsStore.ts';

/** The renderer sees (and may change) only the device settings of the contract, never the others. */
function visible(settings: Settings): DeviceSettings {
  return { contentProtection: settings.contentProtection };
}

export function createSettingsHandlers(options: {
  settings: SettingsStore;
  agent(): Agent | null;
}): ApiHandlers['settings'] {
  return {
    async get() {
      return visible(options.settings.get());
    },
    async set(patch) {
      const agent = options.agent();
      if (!agent) throw new ApiCallError('not_logged_in', 'Nobody is signed in.');
      if (!mayChangeDeviceSettings(agent.role, patch)) {
        throw new ApiCallError(
          'settings_forbidden',
          `The ${agent.role} role may not turn this protection off.`,
        );
      }
      return visible(await options.settings.update(patch));
    },
  };
}
