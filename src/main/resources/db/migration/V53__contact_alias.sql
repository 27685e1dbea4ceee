-- contact feature: the ids merged into a contact (ContactMerger). What stays keyed by a former id
-- (Camunda history: the business key of a journey is the contact id at its start) is erased with
-- the surviving contact; the rows go with the contact.
create table contact_alias (
  former_id   varchar(100) primary key,
  contact_id  varchar(100) not null references contact (id) on delete cascade,
  merged_at   timestamp with time zone not null
);
create index contact_alias_contact_idx on contact_alias (contact_id);
