-- Events that found no waiting execution although a running journey of their contact expects a
-- message of that name (it was still busy in a transaction, e.g. sending the very email that was
-- opened). They are retried for a while instead of being lost.
create table pending_correlation (
  event_id             varchar(200) primary key,
  event_type           varchar(100) not null,
  contact_id           varchar(100) not null,
  process_instance_id  varchar(64),
  attempts             integer not null,
  next_attempt_at      timestamp with time zone not null,
  expires_at           timestamp with time zone not null
);
create index pending_correlation_due_idx on pending_correlation (next_attempt_at);
