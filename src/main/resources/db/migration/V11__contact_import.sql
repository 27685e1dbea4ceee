-- CSV contact imports: progress and report (docs/contract.md §2, GET /api/imports/{importId}).
create table contact_import (
  id           varchar(64)  primary key,
  status       varchar(20)  not null,
  file_name    varchar(300),
  read_rows    bigint       not null default 0,
  inserted     bigint       not null default 0,
  updated      bigint       not null default 0,
  merged       bigint       not null default 0,
  rejected     bigint       not null default 0,
  rejections   text,
  error        varchar(1000),
  created_at   timestamp with time zone not null,
  finished_at  timestamp with time zone
);
