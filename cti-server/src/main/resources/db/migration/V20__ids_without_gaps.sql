-- Issue 11: ids users see (T7 transfers, WO12 work orders, callbacks) must not jump after a crash.
-- H2 hands out identity values from a cache of 32 and loses the unused rest when the process is
-- killed (a transfer T2 followed by T34 after a restart); without a cache every value is stored
-- with its row. PostgreSQL's default cache is already 1; the statement is the same in both.
ALTER TABLE transfer_attempts ALTER COLUMN id SET CACHE 1;
ALTER TABLE work_orders ALTER COLUMN id SET CACHE 1;
ALTER TABLE callbacks ALTER COLUMN id SET CACHE 1;
