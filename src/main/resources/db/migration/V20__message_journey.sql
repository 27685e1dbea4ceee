-- the journey (process definition key) a message belongs to, for analytics by journey
alter table message add column journey_key varchar(255);
create index message_journey_idx on message (journey_key, created_at);
