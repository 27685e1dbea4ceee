package io.journeys.journey;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The running process instances of a contact (business key) or one instance by id, read straight
 * from the engine's {@code ACT_RU_EXECUTION} (read-only; a process instance is the execution
 * without parent): by index {@code ACT_IDX_EXEC_BUSKEY} or the primary key. The engine's {@code
 * ProcessInstanceQuery} reads the same rows but costs more than the correlation itself in building
 * its SQL (MyBatis evaluates its whole dynamic statement per call), and the correlator asks this
 * for every event (docs/benchmarks.md).
 *
 * <p>On the connection of the current transaction, so it sees what the engine's commands in the
 * same transaction have flushed.
 */
final class RunningInstances {

  /** A running process instance: its id, its process definition and whether it is suspended. */
  record Running(String id, String processDefinitionId, boolean suspended) {

    Running(String id, String processDefinitionId) {
      this(id, processDefinitionId, false);
    }
  }

  private final JdbcTemplate jdbc;
  private final String byContact;
  private final String byId;

  RunningInstances(JdbcTemplate jdbc) {
    this(jdbc, "");
  }

  /**
   * @param tablePrefix the engine's table prefix ({@code camunda.bpm.database.table-prefix}, e.g. a
   *     schema {@code camunda.}); empty for none
   */
  RunningInstances(JdbcTemplate jdbc, String tablePrefix) {
    if (!tablePrefix.matches("[A-Za-z0-9_.]*")) {
      throw new IllegalArgumentException("unexpected Camunda table prefix '" + tablePrefix + "'");
    }
    this.jdbc = jdbc;
    String from =
        "select ID_, PROC_DEF_ID_, SUSPENSION_STATE_ from " + tablePrefix + "ACT_RU_EXECUTION";
    this.byContact = from + " where BUSINESS_KEY_ = ? and PARENT_ID_ is null";
    this.byId = from + " where ID_ = ? and PARENT_ID_ is null";
  }

  List<Running> ofContact(String contactId) {
    return jdbc.query(byContact, RunningInstances::running, contactId);
  }

  List<Running> withId(String processInstanceId) {
    return jdbc.query(byId, RunningInstances::running, processInstanceId);
  }

  /** Camunda's suspension state: 1 active, 2 suspended. */
  private static Running running(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
    return new Running(rs.getString(1), rs.getString(2), rs.getInt(3) == 2);
  }
}
