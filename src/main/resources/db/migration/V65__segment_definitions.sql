-- segments become saved definitions (docs/segments.md); "dormant" is one of them
alter table segment add column name varchar(200);
alter table segment add column definition text;
alter table segment add column created_at timestamp with time zone;
alter table segment add column updated_at timestamp with time zone;
-- the dormant scan's batch lock is gone: the primary key of segment_member makes an entry once
alter table segment drop column last_batch_at;
update segment set name = 'Dormant member',
  definition = '{"all":[{"field":"createdAt","op":"olderThanDays","value":180},{"event":"order.placed","lastOlderThanDays":90}]}',
  created_at = current_timestamp, updated_at = current_timestamp
  where segment_key = 'dormant';

-- who is in a segment now: the primary key makes an entry happen once, whichever transaction
-- (an event's, the nightly pass's) enters first; segment_membership keeps every stay
create table segment_member (
  segment     varchar(100) not null references segment (segment_key),
  contact_id  varchar(100) not null references contact (id) on delete cascade,
  entered_at  timestamp with time zone not null,
  primary key (segment, contact_id)
);
create index segment_member_contact_idx on segment_member (contact_id);
insert into segment_member (segment, contact_id, entered_at)
  select segment, contact_id, max(entered_at) from segment_membership
  where left_at is null group by segment, contact_id;
