-- Send rules (governance). Runs unchanged on H2 and PostgreSQL.

-- addresses that get nothing more on a channel: hard bounce, spam complaint, unsubscribe by
-- reply; only a SHA-256 hash of the normalised address (lower-case email, phone digits) is kept
create table send_suppression (
  channel       varchar(20) not null,
  address_hash  varchar(64) not null,
  reason        varchar(40) not null,
  created_at    timestamp with time zone not null,
  primary key (channel, address_hash)
);

-- one row per contact that was ever sent to: locked (select ... for update) while its
-- frequency caps are counted and a place reserved, so concurrent senders on any node queue up
create table send_lock (
  contact_id  varchar(100) primary key
);

-- a place under the frequency caps, taken by a message that passed the send rules
create table send_reservation (
  message_id   varchar(64) primary key,
  contact_id   varchar(100) not null,
  channel      varchar(20) not null,
  reserved_at  timestamp with time zone not null
);
create index send_reservation_contact_idx on send_reservation (contact_id, reserved_at);

-- the last time a contact entered a journey (re-entry rule)
create table journey_entry (
  contact_id   varchar(100) not null,
  process_key  varchar(255) not null,
  entered_at   timestamp with time zone not null,
  primary key (contact_id, process_key)
);

-- signatures of provider callbacks seen within the timestamp window (replay protection)
create table hook_receipt (
  signature    varchar(64) primary key,
  provider     varchar(50) not null,
  received_at  timestamp with time zone not null
);
create index hook_receipt_received_idx on hook_receipt (received_at);
