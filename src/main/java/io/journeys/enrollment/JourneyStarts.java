package io.journeys.enrollment;

import io.journeys.contact.ContactDirectory;
import io.journeys.journey.EntryRule;
import io.journeys.journey.JourneyConstants;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Starts a journey for a batch of contacts in the caller's transaction and one engine command: one
 * query for the contacts that exist, one for those already in the journey (the engine's {@code
 * ACT_RU_EXECUTION} by business key, read only), then per contact the re-entry rule (asked and
 * recorded, {@link EntryRule}) and the start itself, business key = contact id, variables {@code
 * contactId} and {@code enrollmentId}. The journey's single start event starts it (for the journeys
 * in {@code bpmn/}: their message start event), as if its event had arrived.
 */
@Component
class JourneyStarts implements BatchStarter {

  static final String VAR_ENROLLMENT_ID = "enrollmentId";

  private final RuntimeService runtime;
  private final ContactDirectory contacts;
  private final ProcessEngineConfigurationImpl engine;
  private final RepositoryService repository;
  private final EntryRule entries;
  private final NamedParameterJdbcTemplate jdbc;
  private final String running;

  JourneyStarts(
      RuntimeService runtime,
      ProcessEngineConfigurationImpl engine,
      RepositoryService repository,
      EntryRule entries,
      ContactDirectory contacts,
      NamedParameterJdbcTemplate jdbc,
      @Value("${camunda.bpm.database.table-prefix:}") String tablePrefix) {
    if (!tablePrefix.matches("[A-Za-z0-9_.]*")) {
      throw new IllegalArgumentException("unexpected Camunda table prefix '" + tablePrefix + "'");
    }
    this.runtime = runtime;
    this.contacts = contacts;
    this.engine = engine;
    this.repository = repository;
    this.entries = entries;
    this.jdbc = jdbc;
    this.running =
        "select e.BUSINESS_KEY_ from "
            + tablePrefix
            + "ACT_RU_EXECUTION e join "
            + tablePrefix
            + "ACT_RE_PROCDEF d on d.ID_ = e.PROC_DEF_ID_ where d.KEY_ = :key and e.PARENT_ID_ is null"
            + " and e.BUSINESS_KEY_ in (:ids)";
  }

  /** The latest version of the journey, or null when none is deployed. */
  ProcessDefinition latest(String processKey) {
    return repository
        .createProcessDefinitionQuery()
        .processDefinitionKey(processKey)
        .latestVersion()
        .singleResult();
  }

  @Override
  public BatchOutcome start(
      String processKey, List<String> contactIds, String enrollmentId, Instant now) {
    ProcessDefinition journey = latest(processKey);
    if (journey == null) {
      throw new IllegalStateException("journey " + processKey + " is no longer deployed");
    }
    Map<String, Object> ids = Map.of("ids", contactIds, "key", processKey);
    Set<String> existing = contacts.existing(contactIds);
    Set<String> inJourney = new HashSet<>(jdbc.queryForList(running, ids, String.class));
    int[] counts = new int[3]; // enrolled, already in the journey, within the re-entry window
    // one engine command for the whole batch: the starts inside reuse its context, so the engine
    // flushes their rows once, as JDBC batches, instead of once per start
    engine
        .getCommandExecutorTxRequired()
        .execute(
            commandContext -> {
              for (String contactId : contactIds) {
                if (!existing.contains(contactId)) {
                  continue;
                }
                if (inJourney.contains(contactId)) {
                  counts[1]++;
                } else if (!entries.mayEnter(contactId, processKey, now)) {
                  counts[2]++;
                } else {
                  runtime
                      .createProcessInstanceById(journey.getId())
                      .businessKey(contactId)
                      .setVariable(JourneyConstants.VAR_CONTACT_ID, contactId)
                      .setVariable(VAR_ENROLLMENT_ID, enrollmentId)
                      .execute();
                  counts[0]++;
                }
              }
              return null;
            });
    return new BatchOutcome(counts[0], counts[1], counts[2], contactIds.size() - existing.size());
  }
}
