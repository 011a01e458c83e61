import type { RevealAudit } from '@shared/privacy/reveal.ts';
import { createContext, useContext, type ReactNode } from 'react';

/**
 * Where the audit record of each reveal goes: the workspace queues it as the `revealAudit` sync
 * mutation. A reveal whose audit cannot be queued is not shown (RevealableField awaits this first).
 */
export type RevealAuditSink = (audit: RevealAudit) => Promise<void> | void;

const RevealAuditContext = createContext<RevealAuditSink | null>(null);

export function RevealAuditProvider({
  onAudit,
  children,
}: {
  onAudit: RevealAuditSink;
  children: ReactNode;
}) {
  return <RevealAuditContext value={onAudit}>{children}</RevealAuditContext>;
}

export function useRevealAuditSink(): RevealAuditSink {
  const sink = useContext(RevealAuditContext);
  if (!sink) throw new Error('RevealableField needs a RevealAuditProvider: reveals must be audited');
  return sink;
}
