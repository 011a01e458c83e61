import type { Agent } from '@shared/domain/index.ts';
import type { StateCreator } from 'zustand';

/** Who is signed in (UI state: the server's session is the truth, this mirrors it for rendering). */
export interface SessionSlice {
  agent: Agent | null;
  setAgent(agent: Agent | null): void;
}

export const createSessionSlice: StateCreator<SessionSlice, [], [], SessionSlice> = (set) => ({
  agent: null,
  setAgent: (agent) => set({ agent }),
});
