-- The node running an import and its last sign of life: an import whose node stopped (crash,
-- kill, shutdown) is marked failed by any live node once its heartbeat is stale.
alter table contact_import add column node_id varchar(64);
alter table contact_import add column heartbeat_at timestamp with time zone;
create index contact_import_status_idx on contact_import (status, heartbeat_at);
