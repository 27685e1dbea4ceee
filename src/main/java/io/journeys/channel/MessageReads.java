package io.journeys.channel;

import io.journeys.contact.Channel;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** {@link SentMessages} on the message table (index message_contact_idx: contact, time). */
@Repository
class MessageReads implements SentMessages {

  private final JdbcTemplate jdbc;

  MessageReads(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Optional<Sent> find(String messageId) {
    return jdbc
        .query(
            "select id, contact_id, channel, recipient from message where id = ?",
            (rs, n) ->
                new Sent(
                    rs.getString(1),
                    rs.getString(2),
                    Channel.parse(rs.getString(3))
                        .orElseThrow(
                            () ->
                                new IllegalStateException(
                                    "message " + messageId + " has an unknown channel")),
                    rs.getString(4)),
            messageId)
        .stream()
        .findFirst();
  }

  @Override
  public List<Instant> lastDelivered(String contactId, Channel channel, int n) {
    if (n <= 0) {
      return List.of();
    }
    return jdbc
        .queryForList(
            "select sent_at from message where contact_id = ? and channel = ?"
                + " and status in ('SENT', 'SANDBOX') and sent_at is not null"
                + " order by sent_at desc limit "
                + n,
            Timestamp.class,
            contactId,
            channel.wire())
        .stream()
        .map(Timestamp::toInstant)
        .toList();
  }
}
