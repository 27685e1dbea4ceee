-- analytics over a time window of all messages (GET /api/analytics/send-verdicts)
create index message_created_idx on message (created_at);
