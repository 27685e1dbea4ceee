-- Trial runs (docs/analytics.md "The store"): an entry of a trial instance (process variable
-- journeyTrial = true) is marked and nothing else of it is recorded, so trials stay out of every
-- figure. Durations in the node: the day rollups also hold a histogram per node (metrics t:0, t:1,
-- ...; n visits, amount the sum of their milliseconds), from which the funnel takes its median.
alter table analytics_entry add column trial boolean default false not null;
