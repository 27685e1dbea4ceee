-- An assignment made after the experiment had a winner, by "route later entrants to the winner":
-- not random, so left out of the experiment's statistics.
alter table analytics_assignment add column routed boolean default false not null;
