-- API tokens for machine clients (Authorization: Bearer <token>); only the SHA-256 of a token is kept.
create table api_token (
  id            varchar(64)  primary key,
  name          varchar(200) not null,
  owner_user    varchar(255) not null,
  groups_csv    varchar(1000) not null,
  token_hash    varchar(64)  not null unique,
  created_at    timestamp with time zone not null,
  last_used_at  timestamp with time zone,
  revoked_at    timestamp with time zone
);
