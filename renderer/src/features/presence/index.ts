export { PresenceBanner } from './PresenceBanner.tsx';
export { usePresence, type Presence } from './usePresence.ts';
export { TYPING_IDLE_MS } from './presenceSession.ts';
