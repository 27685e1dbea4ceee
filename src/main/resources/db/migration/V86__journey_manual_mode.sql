-- Manual mode of a journey (package operations). Runs unchanged on H2 and PostgreSQL.
alter table journey_control add column mode varchar(10);

-- a send step due while the journey was in manual mode: its Tasklist task and what became of it
create table journey_manual_send (
  job_id              varchar(64) primary key,
  task_id             varchar(64) not null,
  process_key         varchar(255) not null,
  process_instance_id varchar(64) not null,
  activity_id         varchar(255) not null,
  outcome             varchar(20),            -- null while open; SENT_BY_HAND, SKIPPED, AUTOMATIC
  decided_by          varchar(255),
  created_at          timestamp with time zone not null,
  decided_at          timestamp with time zone
);
create index journey_manual_send_key_idx on journey_manual_send (process_key, outcome);
