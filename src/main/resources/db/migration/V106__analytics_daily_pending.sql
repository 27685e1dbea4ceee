-- Day-rollup increments waiting to be folded into analytics_daily (PostgreSQL). A recording
-- transaction appends its increments here instead of updating the counters, so that concurrent
-- transactions of one journey do not wait for each other's commit on the same counter rows; a
-- background pass (DailyRollup.fold) moves them into analytics_daily in one statement. The reports
-- read both through the view analytics_daily_all (they sum n and amount per key anyway).
create table analytics_daily_pending (
  day_utc          date         not null,
  journey_key      varchar(255) not null,
  journey_version  integer      not null,
  node_id          varchar(255) not null,
  channel          varchar(20)  not null,
  template         varchar(100) not null,
  arm              varchar(100) not null,
  metric           varchar(20)  not null,
  n                bigint       not null,
  amount           numeric(19, 4) not null
);
create index analytics_daily_pending_journey_idx on analytics_daily_pending (journey_key, day_utc);

create view analytics_daily_all as
  select day_utc, journey_key, journey_version, node_id, channel, template, arm, metric, n, amount
    from analytics_daily
  union all
  select day_utc, journey_key, journey_version, node_id, channel, template, arm, metric, n, amount
    from analytics_daily_pending;
