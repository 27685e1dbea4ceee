package io.journeys.analytics;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Who is held out of a journey's messages, decided when the contact enters it. The global control
 * group ({@code journeys.analytics.global-control-percent}, 0 = none, else 1-15) takes the contacts
 * whose bucket of {@code "global-control"} is below the percentage; it is checked first and holds
 * them out of every journey. Otherwise a journey's own {@code holdout.percent} property (0-50)
 * takes the contacts whose bucket of {@code "holdout:" + journey key} is below it. Buckets as in
 * {@link Experiments}. Global membership is kept with its history: a contact found in (or, after
 * the percentage was lowered, out of) the group at an entry joins (or leaves) it then. Without a
 * global group (0) a node that finds no member recorded looks no further at entries (nobody can
 * join it; every node runs with the same setting), saving a query per journey start.
 */
@Repository
class Holdouts {

  static final String GLOBAL = "global";
  static final String JOURNEY = "journey";

  /** The process variable channel reads: {@code true} means record the send as skipped. */
  static final String VARIABLE = io.journeys.channel.MessageSender.HOLDOUT_VARIABLE;

  private final JdbcTemplate jdbc;
  private final int globalPercent;
  private volatile boolean noMembers;

  Holdouts(
      JdbcTemplate jdbc,
      @Value("${journeys.analytics.global-control-percent:0}") int globalPercent) {
    if (globalPercent != 0 && (globalPercent < 1 || globalPercent > 15)) {
      throw new IllegalStateException(
          "journeys.analytics.global-control-percent must be 0 (none) or 1-15, is "
              + globalPercent);
    }
    this.jdbc = jdbc;
    this.globalPercent = globalPercent;
  }

  /** {@link #GLOBAL}, {@link #JOURNEY} or null (treated: gets the journey's messages). */
  String decide(String journey, String contactId, int journeyPercent, Instant at) {
    if (contactId == null) {
      return null;
    }
    boolean global =
        globalPercent > 0 && Experiments.bucket("global-control", contactId) < globalPercent * 100;
    keepMembership(contactId, global, at);
    if (global) {
      return GLOBAL;
    }
    return journeyPercent > 0
            && Experiments.bucket("holdout:" + journey, contactId) < journeyPercent * 100
        ? JOURNEY
        : null;
  }

  private void keepMembership(String contactId, boolean member, Instant at) {
    if (globalPercent == 0 && (noMembers || noneRecorded())) {
      return;
    }
    boolean recorded =
        !jdbc.queryForList(
                "select contact_id from analytics_control_member" + " where contact_id = ?",
                String.class,
                contactId)
            .isEmpty();
    if (member == recorded) {
      return;
    }
    Timestamp now = Timestamp.from(at);
    if (member) {
      jdbc.update(
          "insert into analytics_control_member (contact_id, joined_at, percent)"
              + " values (?, ?, ?)",
          contactId,
          now,
          globalPercent);
    } else {
      jdbc.update("delete from analytics_control_member where contact_id = ?", contactId);
    }
    jdbc.update(
        "insert into analytics_control_history (contact_id, change, changed_at,"
            + " percent) values (?, ?, ?, ?)",
        contactId,
        member ? "joined" : "left",
        now,
        globalPercent);
  }

  /** Whether the global group has no member; remembered once true (nobody joins at 0 %). */
  private boolean noneRecorded() {
    noMembers =
        jdbc.queryForList(
                "select contact_id from analytics_control_member fetch first 1 rows only",
                String.class)
            .isEmpty();
    return noMembers;
  }

  /** A journey's {@code holdout.percent} property: 0-50, anything else 0 (with the reason). */
  static int journeyPercent(String text) {
    if (text == null || text.isBlank()) {
      return 0;
    }
    try {
      int percent = Integer.parseInt(text.trim());
      return percent >= 0 && percent <= 50 ? percent : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
