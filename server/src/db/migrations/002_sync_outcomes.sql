-- Sync, second step (docs/sync.md).
--
-- mutations.details: the data a rejection's message needs (e.g. who already claimed the ticket), kept
-- so that a replayed mutation whose first answer was lost is answered with the same outcome.
-- mutations.version: sync_state.version of the transaction that processed the mutation, i.e. its
-- place in the server's serial order (audit, and the fault tests replay the log in this order).
-- tickets.assigned_at: when the current assignee got the ticket (server clock); not synced, it only
-- fills "claimed by X at hh:mm" in an already_claimed rejection.
alter table mutations add column details jsonb;
alter table mutations add column version bigint;
alter table tickets add column assigned_at bigint;
