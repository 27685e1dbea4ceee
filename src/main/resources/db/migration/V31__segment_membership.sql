-- segments: one row per segment; its scan's batches lock it, so two scans never run a batch at once
create table segment (
  segment_key    varchar(100) primary key,
  last_batch_at  timestamp with time zone
);
insert into segment (segment_key) values ('dormant');

-- segment membership: one row per stay of a contact in a segment, open while left_at is null
create table segment_membership (
  segment      varchar(100) not null references segment (segment_key),
  contact_id   varchar(100) not null references contact (id) on delete cascade,
  entered_at   timestamp with time zone not null,
  left_at      timestamp with time zone,
  left_reason  varchar(100),
  primary key (segment, contact_id, entered_at)
);
-- "is the contact in the segment now?" (the scan's anti-join, the exit on an order)
create index segment_membership_contact_idx on segment_membership (contact_id, segment, left_at);
