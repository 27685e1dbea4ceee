package io.journeys.channel;

import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** The channel's published queries on a data source, for tests of other features without Spring. */
public final class ChannelQueries {

  private ChannelQueries() {}

  public static SentMessages sentMessages(DataSource ds) {
    return new MessageReads(new JdbcTemplate(ds));
  }

  public static SentMessageCounts sentMessageCounts(DataSource ds) {
    return new MessageCounts(new NamedParameterJdbcTemplate(ds));
  }
}
