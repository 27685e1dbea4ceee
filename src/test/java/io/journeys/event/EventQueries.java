package io.journeys.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import javax.sql.DataSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** The event feature's published queries on a data source, for tests of other features. */
public final class EventQueries {

  private EventQueries() {}

  public static EventHistory history(DataSource ds) {
    return new JdbcEventHistory(new NamedParameterJdbcTemplate(ds), new ObjectMapper());
  }
}
