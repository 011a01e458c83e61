-- After-sales flows (docs/sync.md): agent state, callbacks, refunds, returns, intake from carriers
-- and the survey service.
--
-- agents.state / state_since: what the agent is doing (shared AgentState), stamped by server time;
-- agent_state_log keeps every spell so a later KPI computes after-call work and handle time from it
-- (ended_at null = the current spell; one open row per agent).
alter table agents add column state text not null default 'available';
alter table agents add column state_since bigint not null default 0;

create table agent_state_log (
  id bigint generated always as identity primary key,
  agent_id uuid not null references agents (id),
  state text not null,
  started_at bigint not null,
  ended_at bigint
);
create index agent_state_log_agent_idx on agent_state_log (agent_id, started_at);
create unique index agent_state_log_open_idx on agent_state_log (agent_id) where ended_at is null;

-- The earliest open callback (shared NextCallback), derived from the ticket's callback events.
alter table tickets add column next_callback jsonb;

-- An RMA number names one return server-wide: a second return_request with it is refused
-- (duplicate_rma); the carrier feed finds the ticket by it.
create unique index ticket_events_rma_idx on ticket_events ((payload->>'rmaNo'))
  where kind = 'return_request';
-- The refund cap sums an order's refunds across tickets.
create index ticket_events_refund_order_idx on ticket_events ((payload->>'orderId'))
  where kind = 'refund';

-- Makes the carrier and survey intakes idempotent: a retried delivery finds the event it made.
create table intake_events (
  source text not null,
  external_id text not null,
  -- Erasing a customer deletes their events (privacy/customerData.ts); the delivery record goes with them.
  event_id uuid not null references ticket_events (id) on delete cascade,
  created_at bigint not null,
  primary key (source, external_id)
);
