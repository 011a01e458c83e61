export type { LoadSettingsOptions, Settings, SettingsStore } from './settingsStore.ts';
export { createSettingsStore, DEFAULT_SETTINGS, loadSettingsStore } from './settingsStore.ts';
export { createSettingsHandlers } from './settingsHandlers.ts';
