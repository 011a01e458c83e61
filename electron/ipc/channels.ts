import type { ApiEvent } from '@shared/api/contract.ts';
import { IPC_PREFIX } from '@shared/api/contract.ts';

/** `caredesk:session.login` — one invoke channel per contract method. */
export const ipcMethodChannel = (channel: string): string => IPC_PREFIX + channel;

/** `caredesk:event:sync.poke` — main → renderer, data-free. */
export const ipcEventChannel = (event: ApiEvent): string => `${IPC_PREFIX}event:${event}`;
