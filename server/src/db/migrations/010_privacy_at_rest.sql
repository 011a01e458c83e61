-- Privacy at rest (docs/privacy.md).
--
-- customers.name, phone, email, address, id_number, health_notes now hold AES-256-GCM envelopes
-- written by the application (server/src/privacy/fieldCipher.ts); the columns keep their names and
-- type (text). A database that already has plaintext customers is encrypted in place at start-up
-- (privacy/encryptLegacyCustomers.ts), which also fills phone_index.
--
-- phone_index: HMAC-SHA256 of the normalised phone under a key of its own (blind index), the only
-- way intake finds a customer by phone. The plaintext phone index goes.
drop index if exists customers_phone_idx;
alter table customers add column phone_index text;
create index customers_phone_index_idx on customers (phone_index);

-- Who saw, exported or erased whose personal data. Append-only: the trigger refuses UPDATE and
-- DELETE for everyone (owner included); REVOKE also keeps other roles out where they exist.
-- No foreign keys: entries outlive an erased customer (and any agent), and hold no personal data.
create table privacy_audit (
  id uuid primary key,
  action text not null check (action in ('reveal', 'export', 'erase')),
  agent_id uuid not null,
  customer_id uuid not null,
  -- A PrivacyField name for reveals; null for export and erasure (the whole customer).
  field text,
  reason text not null,
  -- Free text with personal data masked (redactPii) before it is stored.
  reason_text text,
  -- The client's clock for reveals (when the value was shown); the server's for the others.
  at bigint not null,
  server_time bigint not null
);
create index privacy_audit_customer_idx on privacy_audit (customer_id, server_time);

create function privacy_audit_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'privacy_audit is append-only (% refused)', tg_op;
end;
$$;
create trigger privacy_audit_no_update_delete
  before update or delete on privacy_audit
  for each row execute function privacy_audit_append_only();
create trigger privacy_audit_no_truncate
  before truncate on privacy_audit
  for each statement execute function privacy_audit_append_only();
revoke update, delete, truncate on privacy_audit from public;

-- Tombstones of erased rows: a pull sends `del` for each one newer than the cookie to the teams that
-- could have it cached (the team of every ticket that referenced it); admins get all of them.
create table deleted_rows (
  entity text not null,
  id uuid not null,
  version bigint not null,
  team_id uuid not null,
  primary key (entity, id, team_id)
);
create index deleted_rows_version_idx on deleted_rows (version);
