-- Holdout (docs/analytics.md "Holdout"): the control group of a journey entry, and the members
-- of the global control group with the history of who joined and left it and when.
alter table analytics_entry add column holdout varchar(10);

create table analytics_control_member (
  contact_id  varchar(100) primary key,
  joined_at   timestamp with time zone not null,
  percent     integer not null
);

create table analytics_control_history (
  contact_id  varchar(100) not null,
  change      varchar(10)  not null,
  changed_at  timestamp with time zone not null,
  percent     integer not null
);
create index analytics_control_history_idx on analytics_control_history (contact_id, changed_at);
