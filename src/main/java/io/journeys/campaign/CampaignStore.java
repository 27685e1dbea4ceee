package io.journeys.campaign;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code campaign} table: name and period as columns (for lists), the whole campaign as JSON in
 * {@code plan} (phases, KPI targets, links and unit costs are always read with it).
 */
@Repository
class CampaignStore {

  private final JdbcTemplate jdbc;
  private final ObjectMapper json;

  CampaignStore(JdbcTemplate jdbc, ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  List<Campaign> all() {
    return jdbc.query("select plan from campaign order by starts_on desc, name", this::row);
  }

  Optional<Campaign> find(String id) {
    return jdbc.query("select plan from campaign where id = ?", this::row, id).stream().findFirst();
  }

  void insert(Campaign c) {
    jdbc.update(
        "insert into campaign (id, name, starts_on, ends_on, plan, created_by, created_at,"
            + " updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
        c.id(),
        c.name(),
        c.startsOn(),
        c.endsOn(),
        write(c),
        c.createdBy(),
        c.createdAt().atOffset(ZoneOffset.UTC),
        c.updatedAt().atOffset(ZoneOffset.UTC));
  }

  boolean update(Campaign c) {
    return jdbc.update(
            "update campaign set name = ?, starts_on = ?, ends_on = ?, plan = ?,"
                + " updated_at = ? where id = ?",
            c.name(),
            c.startsOn(),
            c.endsOn(),
            write(c),
            c.updatedAt().atOffset(ZoneOffset.UTC),
            c.id())
        == 1;
  }

  boolean delete(String id) {
    return jdbc.update("delete from campaign where id = ?", id) == 1;
  }

  private String write(Campaign c) {
    try {
      return json.writeValueAsString(c);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Campaign row(ResultSet rs, int n) throws SQLException {
    try {
      return json.readValue(rs.getString("plan"), Campaign.class);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
