-- seed 004 "沉睡唤醒": registered over 30 days ago, no login and no order in the last 30 days, and
-- not already a dormant member (seed 002's segment and its win-back journey take those: a contact
-- gets one reactivation journey, not two). Entering publishes custom.segment.inactive.entered,
-- which starts dormant-reactivation (docs/segments.md, docs/seed-journeys.md).
insert into segment (segment_key, name, definition, created_at, updated_at) values ('inactive',
  'Inactive for 30 days',
  '{"all":[{"field":"createdAt","op":"olderThanDays","value":30},{"event":"login","lastOlderThanDays":30},{"event":"order.placed","lastOlderThanDays":30},{"not":{"all":[{"field":"createdAt","op":"olderThanDays","value":180},{"event":"order.placed","lastOlderThanDays":90}]}}]}',
  current_timestamp, current_timestamp);
