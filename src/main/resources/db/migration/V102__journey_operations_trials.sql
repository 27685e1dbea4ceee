-- Journey operations (package operations): global manual mode, a segment as rollout filter, trial
-- runs. Runs unchanged on H2 and PostgreSQL.

-- settings of operations that hold for every journey; today 'mode' = MANUAL (global manual mode)
create table journey_operations_setting (
  setting_name  varchar(50) primary key,
  setting_value varchar(200) not null,
  updated_at    timestamp with time zone not null
);

-- only contacts in this segment enter (with percent and attribute, all must hold)
alter table journey_control add column rollout_segment varchar(100);

-- a trial run: a journey started for a test list or part of a segment, its sends to the sandbox
-- or to seed addresses, its timers optionally shortened by a factor
create table journey_trial (
  id            varchar(36) primary key,
  process_key   varchar(255) not null,
  version       integer not null,
  sends         varchar(10) not null,          -- SANDBOX, SEEDS
  timer_factor  integer not null,              -- 1: timers as modelled
  segment       varchar(100),
  created_by    varchar(255) not null,
  created_at    timestamp with time zone not null
);
create index journey_trial_key_idx on journey_trial (process_key, created_at);

-- each contact of a trial: its instance, or why it did not start
create table journey_trial_contact (
  trial_id            varchar(36) not null,
  contact_id          varchar(100) not null,
  process_instance_id varchar(64),
  not_started         varchar(200),
  primary key (trial_id, contact_id)
);
create index journey_trial_contact_instance_idx on journey_trial_contact (process_instance_id);
create index journey_trial_contact_contact_idx on journey_trial_contact (contact_id);

-- timer jobs of trial instances already shortened by the factor
create table journey_trial_timer (
  job_id    varchar(64) primary key,
  trial_id  varchar(36) not null
);
