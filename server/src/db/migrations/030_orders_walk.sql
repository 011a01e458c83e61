-- A sync from scratch walks orders by customer (server/src/sync/pull.ts WALK_KEY): each chunk resumes
-- after (customer_id, id), which this index answers in order. It also serves every lookup of a
-- customer's orders, so it replaces the customer_id index.
create index orders_customer_id_idx on orders (customer_id, id);
drop index orders_customer_idx;
