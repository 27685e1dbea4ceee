-- A re-scoring job's batches: contiguous ranges of contact ids (after_contact exclusive, up_to
-- inclusive; null: open), planned when the job starts, each done in one transaction under its
-- row's lock, so that several threads and nodes work on one job at once without running a batch
-- twice, and a crash leaves the batch it was in pending for the next poll.
create table score_rescore_batch (
  table_version  integer      not null,
  seq            integer      not null,
  after_contact  varchar(100),
  up_to          varchar(100),
  status         varchar(20)  not null,
  contacts       bigint,
  finished_at    timestamp with time zone,
  primary key (table_version, seq)
);
create index score_rescore_batch_pending on score_rescore_batch (table_version, status, seq);
