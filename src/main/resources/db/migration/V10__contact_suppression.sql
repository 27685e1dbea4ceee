-- Erased people: only a SHA-256 hash of their normalised email or phone is kept, so that
-- imports and events do not create them again. Runs unchanged on H2 and PostgreSQL.
create table contact_suppression (
  identity_hash  varchar(64) primary key,
  kind           varchar(10) not null,
  created_at     timestamp with time zone not null
);
