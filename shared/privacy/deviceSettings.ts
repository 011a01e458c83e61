import { z } from 'zod';

/**
 * The device settings the renderer may read and change (`settings.get` / `settings.set`). Others, such
 * as accepting Linux's basic_text key store, live in the same settings file but only an administrator
 * editing that file can change them: a compromised page must not be able to weaken key protection.
 */
export const DeviceSettings = z.object({
  /** Keeps the window out of screenshots and screen sharing (macOS and Windows; no effect on Linux). */
  contentProtection: z.boolean(),
});
export type DeviceSettings = z.infer<typeof DeviceSettings>;

export const DeviceSettingsPatch = DeviceSettings.partial().strict();
export type DeviceSettingsPatch = z.infer<typeof DeviceSettingsPatch>;

/** Turning a protection off is a lead's (or admin's) call; anyone signed in may turn it on. */
export function mayChangeDeviceSettings(role: string, patch: DeviceSettingsPatch): boolean {
  if (patch.contentProtection === false) return role === 'lead' || role === 'admin';
  return true;
}
