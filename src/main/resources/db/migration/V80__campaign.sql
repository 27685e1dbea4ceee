-- Campaigns (issue 17): name and period as columns for lists; the whole campaign (phases, KPI
-- targets, linked journeys and segments, unit costs) as JSON in plan. Holds no contact ids.
create table campaign (
  id          varchar(64)  primary key,
  name        varchar(200) not null,
  starts_on   date         not null,
  ends_on     date         not null,
  plan        text         not null,
  created_by  varchar(100),
  created_at  timestamp with time zone not null,
  updated_at  timestamp with time zone not null
);
create index campaign_period_idx on campaign (starts_on, ends_on);
