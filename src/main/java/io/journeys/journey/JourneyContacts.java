package io.journeys.journey;

import io.journeys.contact.ContactErased;
import io.journeys.contact.ContactsMerged;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A contact's journeys (process instances whose business key is the contact id, running and
 * historic) and its events waiting for a correlation retry ({@code pending_correlation}), when the
 * contact is merged or erased; in the contact feature's transaction.
 *
 * <ul>
 *   <li>Merge: the merged record's running journeys end (deleted as externally terminated, {@value
 *       #MERGED_REASON}): the survivor may run the same journey already, and their variables were
 *       taken from the merged record. Their history keeps the old business key; the contact feature
 *       keeps the old id as an alias, so an erasure finds it. Retries aimed at an ended instance
 *       go; the others move to the survivor.
 *   <li>Erasure: running instances of the contact id and its former ids are deleted, then their
 *       whole history (variables, tasks, job logs may hold personal data), and the retries.
 * </ul>
 *
 * <p>These listeners run before the other features' ones: ending a journey deletes its dispatch
 * job, which cancels the queued message (channel), and the channel's listener then moves that
 * message to the survivor or blanks it.
 */
@Component
class JourneyContacts {

  private static final Logger log = LoggerFactory.getLogger(JourneyContacts.class);
  static final String MERGED_REASON = "contact merged";
  static final String ERASED_REASON = "contact erased";

  private final RuntimeService runtime;
  private final HistoryService history;
  private final NamedParameterJdbcTemplate jdbc;

  JourneyContacts(RuntimeService runtime, HistoryService history, NamedParameterJdbcTemplate jdbc) {
    this.runtime = runtime;
    this.history = history;
    this.jdbc = jdbc;
  }

  @EventListener
  @Order(Ordered.HIGHEST_PRECEDENCE)
  void on(ContactsMerged merged) {
    List<String> ended = end(merged.mergedId(), MERGED_REASON);
    MapSqlParameterSource ids =
        new MapSqlParameterSource()
            .addValue("survivor", merged.survivorId())
            .addValue("merged", merged.mergedId());
    if (!ended.isEmpty()) {
      jdbc.update(
          "delete from pending_correlation where process_instance_id in (:ended)",
          new MapSqlParameterSource("ended", ended));
    }
    jdbc.update(
        "update pending_correlation set contact_id = :survivor" + " where contact_id = :merged",
        ids);
    log.debug("merge: {} running journeys of the merged record ended", ended.size());
  }

  @EventListener
  @Order(Ordered.HIGHEST_PRECEDENCE)
  void on(ContactErased erased) {
    int instances = 0;
    for (String id : erased.ids()) {
      end(id, ERASED_REASON);
      List<String> historic =
          history
              .createHistoricProcessInstanceQuery()
              .processInstanceBusinessKey(id)
              .list()
              .stream()
              .map(HistoricProcessInstance::getId)
              .toList();
      if (!historic.isEmpty()) {
        history.deleteHistoricProcessInstancesIfExists(historic);
      }
      instances += historic.size();
    }
    jdbc.update(
        "delete from pending_correlation where contact_id in (:ids)", Map.of("ids", erased.ids()));
    log.debug("erasure: {} journey instances deleted with their history", instances);
  }

  private List<String> end(String businessKey, String reason) {
    List<String> running =
        runtime.createProcessInstanceQuery().processInstanceBusinessKey(businessKey).list().stream()
            .map(ProcessInstance::getId)
            .toList();
    if (!running.isEmpty()) {
      runtime.deleteProcessInstances(running, reason, true, true, false);
    }
    return running;
  }
}
