-- double opt-in: email consent given while journeys.send-rules.double-opt-in is on stays
-- not granted (granted = false) and pending from this time until the contact confirms it
alter table contact_consent add column pending_since timestamp with time zone;
