package io.journeys.segment;

import io.journeys.segment.Condition.Op;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Evaluates a condition tree against a contact's {@link Facts} at a point in time. A missing value
 * satisfies only {@code notExists} and {@code neq}; numbers compare by value, text exactly
 * (case-sensitive), {@code contains} case-insensitively.
 */
final class Evaluation {

  private Evaluation() {}

  static boolean holds(Condition c, Facts f, Instant now) {
    if (c instanceof Condition.All all) {
      return all.children().stream().allMatch(child -> holds(child, f, now));
    }
    if (c instanceof Condition.Any any) {
      return any.children().stream().anyMatch(child -> holds(child, f, now));
    }
    if (c instanceof Condition.Not not) {
      return !holds(not.child(), f, now);
    }
    if (c instanceof Condition.Tag tag) {
      return f.tags().contains(tag.tag());
    }
    if (c instanceof Condition.EventCount count) {
      return count
          .op()
          .compare(
              BigDecimal.valueOf(f.count(count.type(), count.withinDays())),
              BigDecimal.valueOf(count.count()));
    }
    if (c instanceof Condition.LastEventOlderThan last) {
      return f.count(last.type(), last.days()) == 0;
    }
    return field((Condition.Field) c, f, now);
  }

  private static boolean field(Condition.Field c, Facts f, Instant now) {
    if (!c.attribute() && ContactFields.CREATED_AT.equals(c.name())) {
      Instant cutoff = now.minus(Duration.ofDays((Integer) c.value()));
      return c.op() == Op.OLDER_THAN_DAYS
          ? f.createdAt().isBefore(cutoff)
          : !f.createdAt().isBefore(cutoff);
    }
    Object raw = c.attribute() ? f.attributes().get(c.name()) : f.fields().get(c.name());
    Object actual = raw instanceof String s && s.isEmpty() ? null : raw;
    return switch (c.op()) {
      case EXISTS -> actual != null;
      case NOT_EXISTS -> actual == null;
      case NEQ -> actual == null || !same(actual, c.value());
      case EQ -> actual != null && same(actual, c.value());
      case IN -> actual != null && ((List<?>) c.value()).stream().anyMatch(v -> same(actual, v));
      case CONTAINS ->
          actual != null
              && actual.toString().toLowerCase().contains(c.value().toString().toLowerCase());
      case GT, GTE, LT, LTE -> {
        BigDecimal number = number(actual);
        yield number != null && c.op().compare(number, (BigDecimal) c.value());
      }
      case OLDER_THAN_DAYS, WITHIN_DAYS ->
          false; // refused by Definitions for anything but createdAt
    };
  }

  private static boolean same(Object actual, Object expected) {
    if (expected instanceof BigDecimal e) {
      BigDecimal a = number(actual);
      return a != null && a.compareTo(e) == 0;
    }
    if (expected instanceof Boolean b) {
      return actual instanceof Boolean a ? a.equals(b) : b.toString().equals(actual.toString());
    }
    return Objects.equals(actual.toString(), expected.toString());
  }

  private static BigDecimal number(Object v) {
    if (v instanceof Number n) {
      return new BigDecimal(n.toString());
    }
    if (v instanceof String s) {
      try {
        return new BigDecimal(s.trim());
      } catch (NumberFormatException notANumber) {
        return null;
      }
    }
    return null;
  }
}
