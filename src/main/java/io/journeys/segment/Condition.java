package io.journeys.segment;

import java.math.BigDecimal;
import java.util.List;

/**
 * One node of a segment definition's condition tree (docs/segments.md "Definitions"). Parsed and
 * validated by {@link Definitions}, evaluated against a contact's {@link Facts} by {@link
 * Evaluation}.
 */
sealed interface Condition {

  /** Calls {@code visit} for this node and every node below it. */
  default void walk(java.util.function.Consumer<Condition> visit) {
    visit.accept(this);
    if (this instanceof All all) {
      all.children().forEach(c -> c.walk(visit));
    } else if (this instanceof Any any) {
      any.children().forEach(c -> c.walk(visit));
    } else if (this instanceof Not not) {
      not.child().walk(visit);
    }
  }

  /** Every child holds. */
  record All(List<Condition> children) implements Condition {}

  /** At least one child holds. */
  record Any(List<Condition> children) implements Condition {}

  /** The child does not hold. */
  record Not(Condition child) implements Condition {}

  /** The contact has the tag. */
  record Tag(String tag) implements Condition {}

  /**
   * A profile field ({@code attribute == false}: {@code email}, {@code phone}, {@code firstName},
   * {@code lastName}, {@code timezone}, {@code locale}, {@code lifecycleStage}, {@code score},
   * {@code createdAt}) or an attribute ({@code attribute == true}) compared with {@code value}.
   */
  record Field(String name, boolean attribute, Op op, Object value) implements Condition {}

  /**
   * The number of events of {@code type} in the last {@code withinDays} days compared with {@code
   * count}.
   */
  record EventCount(String type, Op op, long count, int withinDays) implements Condition {}

  /** The last event of {@code type} occurred more than {@code days} days ago, or never. */
  record LastEventOlderThan(String type, int days) implements Condition {}

  /**
   * Comparison operators; {@code olderThanDays}/{@code withinDays} apply to {@code createdAt} only.
   */
  enum Op {
    EQ("eq"),
    NEQ("neq"),
    IN("in"),
    CONTAINS("contains"),
    EXISTS("exists"),
    NOT_EXISTS("notExists"),
    GT("gt"),
    GTE("gte"),
    LT("lt"),
    LTE("lte"),
    OLDER_THAN_DAYS("olderThanDays"),
    WITHIN_DAYS("withinDays");

    final String json;

    Op(String json) {
      this.json = json;
    }

    static Op of(String json) {
      for (Op op : values()) {
        if (op.json.equals(json)) {
          return op;
        }
      }
      return null;
    }

    boolean numeric() {
      return this == GT || this == GTE || this == LT || this == LTE;
    }

    /** {@code left op right} for numbers. */
    boolean compare(BigDecimal left, BigDecimal right) {
      int c = left.compareTo(right);
      return switch (this) {
        case EQ -> c == 0;
        case NEQ -> c != 0;
        case GT -> c > 0;
        case GTE -> c >= 0;
        case LT -> c < 0;
        case LTE -> c <= 0;
        default -> throw new IllegalStateException(json + " is no numeric comparison");
      };
    }
  }
}
