package io.journeys.journey;

import java.sql.Timestamp;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads the newest events of a contact from the append-only event store (table {@code event},
 * index {@code event_contact_idx}); only types and times, no properties.
 */
@Component
class EventStoreRecentActivity implements RecentActivity {

  private final JdbcTemplate jdbc;

  EventStoreRecentActivity(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public List<Entry> latest(String contactId, int limit) {
    return jdbc.query(
        "select type, occurred_at from event where contact_id = ? order by occurred_at desc limit ?",
        (rs, row) -> new Entry(rs.getString(1), rs.getObject(2, Timestamp.class).toInstant()),
        contactId,
        limit);
  }
}
