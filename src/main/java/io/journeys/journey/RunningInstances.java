package io.journeys.journey;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The running process instances of a contact (business key) or one instance by id, read straight
 * from the engine's {@code ACT_RU_EXECUTION} (read-only; a process instance is the execution
 * without parent): by index {@code ACT_IDX_EXEC_BUSKEY} or the primary key. The engine's
 * {@code ProcessInstanceQuery} reads the same rows but costs more than the correlation itself in
 * building its SQL (MyBatis evaluates its whole dynamic statement per call), and the correlator
 * asks this for every event (README "Segments").
 *
 * <p>On the connection of the current transaction, so it sees what the engine's commands in the
 * same transaction have flushed.
 */
final class RunningInstances {

  /** A running process instance: its id and its process definition. */
  record Running(String id, String processDefinitionId) {}

  private final JdbcTemplate jdbc;
  private final String byContact;
  private final String byId;

  RunningInstances(JdbcTemplate jdbc) {
    this(jdbc, "");
  }

  /**
   * @param tablePrefix the engine's table prefix ({@code camunda.bpm.database.table-prefix}, e.g.
   *     a schema {@code camunda.}); empty for none
   */
  RunningInstances(JdbcTemplate jdbc, String tablePrefix) {
    if (!tablePrefix.matches("[A-Za-z0-9_.]*")) {
      throw new IllegalArgumentException("unexpected Camunda table prefix '" + tablePrefix + "'");
    }
    this.jdbc = jdbc;
    String from = "select ID_, PROC_DEF_ID_ from " + tablePrefix + "ACT_RU_EXECUTION";
    this.byContact = from + " where BUSINESS_KEY_ = ? and PARENT_ID_ is null";
    this.byId = from + " where ID_ = ? and PARENT_ID_ is null";
  }

  List<Running> ofContact(String contactId) {
    return jdbc.query(byContact, (rs, row) -> new Running(rs.getString(1), rs.getString(2)),
        contactId);
  }

  List<Running> withId(String processInstanceId) {
    return jdbc.query(byId, (rs, row) -> new Running(rs.getString(1), rs.getString(2)),
        processInstanceId);
  }
}
