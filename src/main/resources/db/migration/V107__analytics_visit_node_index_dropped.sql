-- Nothing reads analytics_visit by journey and node (the reports read the day rollups; the store
-- reads a visit by its id and an instance's visits by process_instance_id): the index only cost
-- every visit written (docs/analytics.md, "The store").
drop index analytics_visit_node_idx;
