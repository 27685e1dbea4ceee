-- channel: an email is in doubt only once the relay could have taken it (docs/hardening.md, "SMTP
-- in-doubt window"). handed_over_at is set, and committed, just before the end of the message data
-- goes to the relay; a SENDING row without it was left by an attempt that ended before (while
-- connecting, at MAIL FROM, RCPT TO or DATA): it is sent again, never in doubt.
alter table message add column handed_over_at timestamp with time zone;
-- rows an older version left SENDING: where their attempt ended is unknown, so they stay in doubt
update message set handed_over_at = coalesce(claimed_at, created_at) where status = 'SENDING';
