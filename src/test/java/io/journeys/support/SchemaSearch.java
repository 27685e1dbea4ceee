package io.journeys.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Where a value is left in the database: every text column of every table of the current schema
 * (PostgreSQL or H2), searched with {@code like}. Erasure tests use it to show that an id, an email
 * or a phone number is in no column at all.
 */
public final class SchemaSearch {

  private SchemaSearch() {}

  /**
   * The columns ({@code table.column}, lower case) whose text holds {@code value}; Camunda's {@code
   * act_*} tables only when {@code withEngineTables}.
   */
  public static List<String> columnsHolding(
      JdbcTemplate jdbc, String value, boolean withEngineTables) {
    List<Map<String, Object>> columns =
        jdbc.queryForList(
            "select table_name, column_name"
                + " from information_schema.columns where table_schema = current_schema()"
                + " and upper(data_type) in ('CHARACTER VARYING', 'TEXT', 'CHARACTER',"
                + " 'CHARACTER LARGE OBJECT')");
    if (columns.size() < 20) {
      throw new IllegalStateException(
          "only " + columns.size() + " text columns found: not the" + " application's schema");
    }
    List<String> holding = new ArrayList<>();
    for (Map<String, Object> column : columns) {
      String table = (String) column.get("table_name");
      String name = (String) column.get("column_name");
      if (!withEngineTables && table.toLowerCase(Locale.ROOT).startsWith("act_")) {
        continue;
      }
      Integer rows =
          jdbc.queryForObject(
              "select count(*) from \"" + table + "\" where \"" + name + "\" like ?",
              Integer.class,
              "%" + value + "%");
      if (rows != null && rows > 0) {
        holding.add((table + "." + name).toLowerCase(Locale.ROOT));
      }
    }
    return holding;
  }
}
