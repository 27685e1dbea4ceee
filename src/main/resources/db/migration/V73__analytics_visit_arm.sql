-- The experiment arm of a visit's journey entry, on the visit, so that the funnel by arm reads one
-- table (no join with analytics_entry over the window).
alter table analytics_visit add column arm varchar(100);
