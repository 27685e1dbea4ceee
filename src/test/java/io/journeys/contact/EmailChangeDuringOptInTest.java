package io.journeys.contact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import io.journeys.journey.JourneyConstants;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issue 11 (fault suite, found on H2): a contact's email changed (PUT or PATCH) while its double
 * opt-in confirmation email is queued. The change ends the confirmation process in the request's
 * transaction; when a job of that process holds it at that moment (here: a transaction holding its
 * execution rows, as a job's transaction does between its flush and its commit), the request waited
 * for the lock, timed out inside the engine's SQL and answered 500. Now it is run again and, while
 * the clash lasts, answered 409 with {@code Retry-After}, nothing changed; once the job is done the
 * same request succeeds and the new address gets its own confirmation process.
 */
@H2SpringTest
class EmailChangeDuringOptInTest {

  @Autowired MockMvc mvc;
  @Autowired ContactRepository contacts;
  @Autowired ConsentRows consentRows;
  @Autowired NamedParameterJdbcTemplate named;
  @Autowired ApplicationEventPublisher publisher;
  @Autowired PlatformTransactionManager txManager;
  @Autowired RuntimeService runtime;
  @Autowired ManagementService management;
  @Autowired JdbcTemplate jdbc;
  @Autowired DataSource dataSource;

  private final String id = "optin-move-" + UUID.randomUUID();

  @Test
  void anEmailChangeWhileAJobHoldsTheOptInProcessIsA409AndThenSucceeds() throws Exception {
    String queuedMessage = queuedConfirmation();
    String process = optInProcess();

    MockHttpServletResponse clashed;
    try (Connection job = dataSource.getConnection()) {
      job.setAutoCommit(false);
      hold(job, process);
      clashed = changeEmail(id + "@new.example.com", true);
      job.rollback();
    }
    System.out.printf(
        "email change while the opt-in process is held: intended 409 (no 500), nothing changed |"
            + " observed %d %s%n",
        clashed.getStatus(), clashed.getHeader("Retry-After"));
    assertThat(clashed.getStatus()).isEqualTo(409);
    assertThat(clashed.getHeader("Retry-After")).isEqualTo("1");
    assertThat(clashed.getContentAsString()).contains("concurrent change");
    assertThat(email()).isEqualTo(id + "@old.example.com");
    assertThat(optInProcess()).isEqualTo(process);

    MockHttpServletResponse changed = changeEmail(id + "@new.example.com", false);

    assertThat(changed.getStatus()).isEqualTo(200);
    assertThat(email()).isEqualTo(id + "@new.example.com");
    assertThat(optInProcess()).as("a fresh confirmation process").isNotEqualTo(process);
    assertThat(
            jdbc.queryForObject(
                "select status from message where id = ?", String.class, queuedMessage))
        .as("the confirmation for the old address is not sent")
        .isEqualTo("CANCELLED");
  }

  /** The contact, its pending email consent and its confirmation email queued (not yet sent). */
  private String queuedConfirmation() throws Exception {
    mvc.perform(
            put("/api/contacts/" + id)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"email\":\"" + id + "@old.example.com\",\"firstName\":\"Lei\"}"))
        .andReturn();
    ConsentConfirmations doubleOptIn =
        new ConsentConfirmations(contacts, consentRows, named, publisher, true);
    new TransactionTemplate(txManager)
        .executeWithoutResult(
            tx -> doubleOptIn.put(id, "email", true, "signup-form", Instant.now()));
    Job step = management.createJobQuery().processInstanceId(optInProcess()).singleResult();
    management.executeJob(step.getId()); // the step: the email goes to the outbox
    return jdbc.queryForObject(
        "select id from message where contact_id = ? and status = 'QUEUED'", String.class, id);
  }

  /** A transaction that locks the process instance's executions, as a job's does. */
  private static void hold(Connection job, String process) throws Exception {
    try (PreparedStatement lock =
        job.prepareStatement(
            "select id_ from act_ru_execution where proc_inst_id_ = ? for update")) {
      lock.setString(1, process);
      lock.executeQuery().close();
    }
  }

  private MockHttpServletResponse changeEmail(String email, boolean asPut) throws Exception {
    return mvc.perform(
            asPut
                ? put("/api/contacts/" + id)
                    .contentType(MediaType.APPLICATION_JSON)
                    .content("{\"email\":\"" + email + "\",\"firstName\":\"Lei\"}")
                : patch("/api/contacts/" + id)
                    .contentType(MergePatch.MEDIA_TYPE)
                    .content("{\"email\":\"" + email + "\"}"))
        .andReturn()
        .getResponse();
  }

  private String email() {
    return jdbc.queryForObject("select email from contact where id = ?", String.class, id);
  }

  private String optInProcess() {
    List<String> ids =
        runtime
            .createProcessInstanceQuery()
            .processDefinitionKey(JourneyConstants.PROCESS_EMAIL_OPT_IN)
            .processInstanceBusinessKey(id)
            .list()
            .stream()
            .map(p -> p.getId())
            .toList();
    assertThat(ids).hasSize(1);
    return ids.get(0);
  }
}
