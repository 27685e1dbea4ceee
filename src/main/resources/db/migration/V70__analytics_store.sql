-- Analytics' own store (docs/analytics.md): raw rows per journey entry, flow-node visit,
-- message, experiment assignment and order, written in the transaction of what they record,
-- and day rollups (analytics_daily) that the reports read. Runs unchanged on H2 and PostgreSQL.

-- one journey entry (process instance): its goal, conversion and experiment arm
create table analytics_entry (
  process_instance_id  varchar(64)  primary key,
  journey_key          varchar(255) not null,
  journey_version      integer      not null,
  contact_id           varchar(100),
  started_at           timestamp with time zone not null,
  ended_at             timestamp with time zone,
  arm                  varchar(100),
  goal_event           varchar(100),
  goal_deadline        timestamp with time zone,
  converted_at         timestamp with time zone,
  conversion_event_id  varchar(200),
  revenue              numeric(19, 4)
);
create index analytics_entry_journey_idx on analytics_entry (journey_key, started_at);
create index analytics_entry_goal_idx on analytics_entry (contact_id, goal_event);

-- one visit of a flow node (activity instance); outcome PASSED or DROPPED once left
create table analytics_visit (
  activity_instance_id  varchar(64)  primary key,
  process_instance_id   varchar(64)  not null,
  journey_key           varchar(255) not null,
  journey_version       integer      not null,
  node_id               varchar(255) not null,
  entered_at            timestamp with time zone not null,
  left_at               timestamp with time zone,
  duration_ms           bigint,
  outcome               varchar(10)
);
create index analytics_visit_node_idx on analytics_visit (journey_key, node_id, entered_at);
create index analytics_visit_instance_idx on analytics_visit (process_instance_id);

-- one message and what happened to it; each *_at is set once (the first time)
create table analytics_message (
  message_id           varchar(64)  primary key,
  contact_id           varchar(100) not null,
  process_instance_id  varchar(64),
  journey_key          varchar(255) not null,
  journey_version      integer      not null,
  node_id              varchar(255) not null,
  channel              varchar(20)  not null,
  template             varchar(100) not null,
  arm                  varchar(100) not null,
  created_at           timestamp with time zone not null,
  status               varchar(20)  not null,
  blocked_reason       varchar(40),
  queued_at            timestamp with time zone,
  sent_at              timestamp with time zone,
  delivered_at         timestamp with time zone,
  bounced_at           timestamp with time zone,
  opened_at            timestamp with time zone,
  clicked_at           timestamp with time zone,
  unsubscribed_at      timestamp with time zone,
  complained_at        timestamp with time zone
);
create index analytics_message_contact_idx on analytics_message (contact_id, sent_at);
create index analytics_message_instance_idx on analytics_message (process_instance_id);

-- sticky experiment arms: one per experiment and contact
create table analytics_assignment (
  experiment_key       varchar(100) not null,
  contact_id           varchar(100) not null,
  arm                  varchar(100) not null,
  journey_key          varchar(255),
  process_instance_id  varchar(64),
  assigned_at          timestamp with time zone not null,
  primary key (experiment_key, contact_id)
);

-- orders (order.placed) for attribution
create table analytics_order (
  event_id     varchar(200) primary key,
  contact_id   varchar(100) not null,
  occurred_at  timestamp with time zone not null,
  amount       numeric(19, 4) not null
);
create index analytics_order_time_idx on analytics_order (occurred_at);

-- day rollups: one counter per day and dimensions; '' / 0 where a dimension does not apply.
-- The day is the cohort's: the visit's entry day, the message's creation day.
create table analytics_daily (
  day_utc          date         not null,
  journey_key      varchar(255) not null,
  journey_version  integer      not null,
  node_id          varchar(255) not null,
  channel          varchar(20)  not null,
  template         varchar(100) not null,
  arm              varchar(100) not null,
  metric           varchar(20)  not null,
  n                bigint       not null,
  amount           numeric(19, 4) not null,
  primary key (day_utc, journey_key, journey_version, node_id, channel, template, arm, metric)
);
create index analytics_daily_journey_idx on analytics_daily (journey_key, day_utc);
