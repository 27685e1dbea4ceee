package io.journeys.analytics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Attribution of {@code order.placed} revenue to the touches before each order: every message sent
 * to the contact (a touch at its send time) and every message clicked (a second touch at the first
 * click), within the lookback before the order. Credits are summed per journey, node, channel and
 * template, for each model asked for ({@link AttributionModels}).
 */
@Repository
class Attribution {

  /** What one touch point earned under one model: conversions (fractional) and revenue. */
  record Credit(double conversions, BigDecimal revenue) {}

  record Row(
      String journey, String node, String channel, String template, Map<String, Credit> models) {}

  record Report(
      String from,
      String to,
      long lookbackDays,
      double halfLifeDays,
      List<String> models,
      long orders,
      long attributedOrders,
      BigDecimal revenue,
      BigDecimal attributedRevenue,
      List<Row> rows) {}

  private record Order(String contactId, Instant at, BigDecimal amount) {}

  private record Touch(
      String journey, String node, String channel, String template, Instant at, String messageId) {
    List<String> key() {
      return List.of(journey, node, channel, template);
    }
  }

  private final JdbcTemplate jdbc;

  Attribution(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Transactional(readOnly = true)
  Report report(
      DayWindow window,
      Duration lookback,
      Duration halfLife,
      List<AttributionModels.Model> models) {
    Timestamp from = Timestamp.from(window.from().atStartOfDay(ZoneOffset.UTC).toInstant());
    Timestamp to = Timestamp.from(window.to().atStartOfDay(ZoneOffset.UTC).toInstant());
    List<Order> orders =
        jdbc.query(
            "select contact_id, occurred_at, amount from analytics_order"
                + " where occurred_at >= ? and occurred_at < ?",
            (rs, i) ->
                new Order(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getBigDecimal(3)),
            from,
            to);
    Map<String, List<Touch>> touches = new HashMap<>();
    jdbc.query(
        "select contact_id, journey_key, node_id, channel, template, sent_at, clicked_at,"
            + " message_id from analytics_message where sent_at is not null and sent_at >= ?"
            + " and sent_at < ? and contact_id in (select contact_id from analytics_order"
            + " where occurred_at >= ? and occurred_at < ?)",
        rs -> {
          List<Touch> list = touches.computeIfAbsent(rs.getString(1), c -> new ArrayList<>());
          Touch sent =
              new Touch(
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getTimestamp(6).toInstant(),
                  rs.getString(8));
          list.add(sent);
          Timestamp clicked = rs.getTimestamp(7);
          if (clicked != null) {
            list.add(
                new Touch(
                    sent.journey(),
                    sent.node(),
                    sent.channel(),
                    sent.template(),
                    clicked.toInstant(),
                    sent.messageId()));
          }
        },
        Timestamp.from(from.toInstant().minus(lookback)),
        to,
        from,
        to);
    return attribute(window, orders, touches, lookback, halfLife, models);
  }

  private static Report attribute(
      DayWindow window,
      List<Order> orders,
      Map<String, List<Touch>> touches,
      Duration lookback,
      Duration halfLife,
      List<AttributionModels.Model> models) {
    Map<List<String>, Map<AttributionModels.Model, double[]>> sums =
        new TreeMap<>(Comparator.comparing(Object::toString));
    long attributed = 0;
    BigDecimal revenue = BigDecimal.ZERO;
    BigDecimal attributedRevenue = BigDecimal.ZERO;
    for (Order order : orders) {
      revenue = revenue.add(order.amount());
      List<Touch> before =
          touches.getOrDefault(order.contactId(), List.of()).stream()
              .filter(
                  t -> !t.at().isAfter(order.at()) && !t.at().isBefore(order.at().minus(lookback)))
              .sorted(Comparator.comparing(Touch::at).thenComparing(Touch::messageId))
              .toList();
      if (before.isEmpty()) {
        continue;
      }
      attributed++;
      attributedRevenue = attributedRevenue.add(order.amount());
      List<Instant> times = before.stream().map(Touch::at).toList();
      for (AttributionModels.Model model : models) {
        double[] credits = AttributionModels.credits(model, times, order.at(), halfLife);
        for (int i = 0; i < credits.length; i++) {
          double[] sum =
              sums.computeIfAbsent(before.get(i).key(), k -> new LinkedHashMap<>())
                  .computeIfAbsent(model, m -> new double[2]);
          sum[0] += credits[i];
          sum[1] += credits[i] * order.amount().doubleValue();
        }
      }
    }
    List<Row> rows = new ArrayList<>();
    sums.forEach(
        (key, byModel) -> {
          Map<String, Credit> credits = new LinkedHashMap<>();
          for (AttributionModels.Model model : models) {
            double[] sum = byModel.getOrDefault(model, new double[2]);
            credits.put(
                model.id(),
                new Credit(
                    Math.round(sum[0] * 10000) / 10000.0,
                    BigDecimal.valueOf(sum[1]).setScale(2, RoundingMode.HALF_UP)));
          }
          rows.add(
              new Row(
                  blankToNull(key.get(0)),
                  blankToNull(key.get(1)),
                  key.get(2),
                  key.get(3),
                  credits));
        });
    return new Report(
        window.from().toString(),
        window.to().minusDays(1).toString(),
        lookback.toDays(),
        halfLife.toMillis() / 86_400_000.0,
        models.stream().map(AttributionModels.Model::id).toList(),
        orders.size(),
        attributed,
        revenue.setScale(2, RoundingMode.HALF_UP),
        attributedRevenue.setScale(2, RoundingMode.HALF_UP),
        rows);
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
