-- Journeys' own tables (Camunda creates and owns its ACT_* tables).
-- Runs unchanged on H2 and PostgreSQL.

create table contact (
  id              varchar(100) primary key,
  email           varchar(320),
  phone           varchar(32),
  first_name      varchar(200),
  last_name       varchar(200),
  timezone        varchar(64),
  locale          varchar(35),
  lifecycle_stage varchar(40),
  score           integer not null default 0,
  attributes      text,
  created_at      timestamp with time zone not null,
  updated_at      timestamp with time zone not null
);
create index contact_email_idx on contact (email);
create index contact_phone_idx on contact (phone);

create table contact_consent (
  contact_id  varchar(100) not null references contact (id) on delete cascade,
  channel     varchar(20)  not null,
  granted     boolean      not null,
  source      varchar(100),
  updated_at  timestamp with time zone not null,
  primary key (contact_id, channel)
);

create table contact_tag (
  contact_id  varchar(100) not null references contact (id) on delete cascade,
  tag         varchar(100) not null,
  created_at  timestamp with time zone not null,
  primary key (contact_id, tag)
);

-- append-only event store; the event id is the idempotency key
create table event (
  id           varchar(200) primary key,
  type         varchar(100) not null,
  contact_id   varchar(100) not null,
  occurred_at  timestamp with time zone not null,
  received_at  timestamp with time zone not null,
  properties   text
);
create index event_contact_idx on event (contact_id, occurred_at);
create index event_type_idx on event (type, occurred_at);

-- every message a journey sends, keyed by its idempotency key (journey instance, step, loop)
create table message (
  id                   varchar(64)  primary key,
  idempotency_key      varchar(300) not null unique,
  contact_id           varchar(100) not null,
  channel              varchar(20)  not null,
  template             varchar(100) not null,
  process_instance_id  varchar(64),
  activity_id          varchar(255),
  status               varchar(20)  not null,
  recipient            varchar(320),
  subject              varchar(500),
  body                 text,
  detail               varchar(1000),
  created_at           timestamp with time zone not null,
  sent_at              timestamp with time zone
);
create index message_contact_idx on message (contact_id, created_at);
create index message_instance_idx on message (process_instance_id);

create table journeys_setting (
  name   varchar(100) primary key,
  setting_value  varchar(1000) not null
);
