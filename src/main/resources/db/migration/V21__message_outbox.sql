-- The message table is the outbox (issue 5): a channel step writes its message as QUEUED in the
-- engine's transaction, with the rendered parts; a dispatch job delivers it and marks it.
-- content: the rendered parts (JSON) until delivery, then cleared; attempts: provider calls made.
alter table message add column content text;
alter table message add column attempts integer default 0 not null;
alter table message add column claimed_at timestamp with time zone;
