-- bulk enrollments into a journey (POST /api/journeys/{key}/enrollments): one row per request,
-- worked a batch per transaction by the node holding its lease; the cursor (last contact id
-- done) and the counts move in the transaction that starts the batch's journeys
create table enrollment (
  id               varchar(36)  primary key,
  process_key      varchar(255) not null,
  segment_key      varchar(100),
  status           varchar(20)  not null,
  position         varchar(100) not null,
  requested        integer,
  enrolled         integer not null default 0,
  skipped_running  integer not null default 0,
  skipped_reentry  integer not null default 0,
  skipped_missing  integer not null default 0,
  batches          integer not null default 0,
  owner_node       varchar(64),
  heartbeat_at     timestamp with time zone,
  error            varchar(1000),
  created_at       timestamp with time zone not null,
  finished_at      timestamp with time zone
);
create index enrollment_status_idx on enrollment (status, created_at);

-- the contacts of an enrollment by list ({"contactIds": [...]}), worked in id order
create table enrollment_contact (
  enrollment_id  varchar(36)  not null references enrollment (id) on delete cascade,
  contact_id     varchar(100) not null,
  primary key (enrollment_id, contact_id)
);
create index enrollment_contact_contact_idx on enrollment_contact (contact_id);
