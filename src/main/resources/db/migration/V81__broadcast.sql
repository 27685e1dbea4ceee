-- Broadcasts (issue 17): a one-off send of a template to a list of contacts at a date and time,
-- optionally in daily batches; run by the BPMN processes broadcast and broadcast-delivery.
-- send_time is HH:MM (local time of timezone, or of each contact with local_time).
create table broadcast (
  id                   varchar(64)  primary key,
  name                 varchar(200) not null,
  channel              varchar(20)  not null,
  template             varchar(100) not null,
  send_date            date         not null,
  send_time            varchar(5)   not null,
  timezone             varchar(64)  not null,
  local_time           boolean      not null,
  batch_size           integer,
  process_instance_id  varchar(64),
  created_by           varchar(100),
  created_at           timestamp with time zone not null,
  cancelled_at         timestamp with time zone,
  cancelled_by         varchar(100)
);
create index broadcast_created_idx on broadcast (created_at);

-- who gets a broadcast, in which batch and when; erased contacts are deleted, merged re-keyed
create table broadcast_recipient (
  broadcast_id  varchar(64)  not null references broadcast (id) on delete cascade,
  contact_id    varchar(100) not null,
  position      integer      not null,
  batch         integer      not null,
  send_at       timestamp with time zone not null,
  primary key (broadcast_id, contact_id)
);
create index broadcast_recipient_batch_idx on broadcast_recipient (broadcast_id, batch, position);
create index broadcast_recipient_contact_idx on broadcast_recipient (contact_id);
