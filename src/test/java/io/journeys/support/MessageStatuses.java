package io.journeys.support;

import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How many messages of a test's own contacts are in each status ({@code SENT}, {@code FAILED}, …),
 * for the fault suites' "intended / observed" lines and their assertions.
 */
public final class MessageStatuses {

  private MessageStatuses() {}

  /** Message counts by status, of the contacts whose ids start with {@code contactIdPrefix}. */
  public static Map<String, Integer> of(JdbcTemplate jdbc, String contactIdPrefix) {
    Map<String, Integer> statuses = new HashMap<>();
    jdbc.query(
        "select status, count(*) from message where contact_id like ? group by status",
        rs -> {
          statuses.put(rs.getString(1), rs.getInt(2));
        },
        contactIdPrefix + "%");
    return statuses;
  }
}
