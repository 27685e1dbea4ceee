package io.journeys.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.journeys.config.EngineClock;
import io.journeys.support.IntegrationTestSupport;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/**
 * History cleanup in compressed time (docs/hardening.md, fault suite): a journey (an email, then
 * the end) runs for new contacts every simulated day, the engine clock moving a day at a time, with
 * history cleanup as shipped (removal-time based, strategy {@code start}, batch window 01:00-05:00,
 * run by the job executor) and the journey's {@code historyTimeToLive} of {@value #TTL_DAYS} days.
 * Intended: the journey's history (process, activity, variable instances, job log) stops growing
 * once the first days pass their time to live: the same size after N days as after N + k. Prints
 * the figures per day; the message and event tables are the contacts' record and are kept.
 */
class HistoryCleanupSoakFaultSuite extends IntegrationTestSupport {

  static final int DAYS = Integer.getInteger("faults.soak.days", 6);
  static final int PER_DAY = Integer.getInteger("faults.soak.per-day", 10);
  static final int TTL_DAYS = 2;
  static final String PROCESS = "faults-history-soak";

  @Autowired RepositoryService repository;
  @Autowired RuntimeService runtime;
  @Autowired HistoryService history;

  private final String run = UUID.randomUUID().toString().substring(0, 8);

  @Test
  void historyStopsGrowingOnceItsTimeToLivePasses() {
    repository.createDeployment().addModelInstance(PROCESS + ".bpmn", journey()).deploy();
    ZoneId zone = ZoneId.systemDefault();
    LocalDate first = LocalDate.now(zone).plusDays(1);
    List<long[]> figures = new ArrayList<>();
    try {
      for (int day = 0; day < DAYS; day++) {
        EngineClock.moveTo(
            first.plusDays(day).atTime(LocalTime.of(10, 0)).atZone(zone).toInstant());
        List<String> started = new ArrayList<>();
        for (int i = 0; i < PER_DAY; i++) {
          String contactId = "c-soak-" + run + "-" + day + "-" + i;
          putContact(contactId);
          started.add(
              runtime
                  .startProcessInstanceByKey(PROCESS, contactId, Map.of("contactId", contactId))
                  .getId());
        }
        await()
            .atMost(Duration.ofSeconds(120))
            .until(
                () ->
                    history
                        .createHistoricProcessInstanceQuery()
                        .processInstanceIds(new java.util.HashSet<>(started))
                        .finished()
                        .count(),
                n -> n == PER_DAY);
        // the next night: the cleanup job falls due in its batch window
        Instant night =
            first.plusDays(day + 1).atTime(LocalTime.of(1, 30)).atZone(zone).toInstant();
        EngineClock.moveTo(night);
        await()
            .atMost(Duration.ofSeconds(120))
            .until(
                () ->
                    history
                        .createHistoricProcessInstanceQuery()
                        .processDefinitionKey(PROCESS)
                        .list()
                        .stream()
                        .filter(
                            p ->
                                p.getRemovalTime() != null
                                    && !p.getRemovalTime().toInstant().isAfter(night))
                        .count(),
                n -> n == 0);
        figures.add(measure(day + 1));
      }
    } finally {
      EngineClock.resetToRealTime();
    }

    System.out.printf(
        "%nHistory cleanup soak: %d journeys a day, history time to live %d days, %d days%n"
            + "  day  process-inst  activity-inst  variable-inst  job-log  history rows  message rows%n",
        PER_DAY, TTL_DAYS, DAYS);
    for (long[] f : figures) {
      System.out.printf(
          "  %3d  %12d  %13d  %13d  %7d  %12d  %12d%n",
          f[0], f[1], f[2], f[3], f[4], f[1] + f[2] + f[3] + f[4], f[5]);
    }
    long[] steady = figures.get(TTL_DAYS + 1);
    long[] last = figures.get(figures.size() - 1);
    System.out.printf(
        "  intended: history after day %d = after day %d (%d rows), at most %d instances |"
            + " observed %d and %d rows, %d instances%n%n",
        steady[0],
        last[0],
        steady[1] + steady[2] + steady[3] + steady[4],
        PER_DAY * TTL_DAYS,
        steady[1] + steady[2] + steady[3] + steady[4],
        last[1] + last[2] + last[3] + last[4],
        last[1]);
    assertThat(last[1]).isEqualTo(steady[1]).isLessThanOrEqualTo((long) PER_DAY * TTL_DAYS);
    assertThat(last[2] + last[3] + last[4]).isEqualTo(steady[2] + steady[3] + steady[4]);
    assertThat(last[5]).as("messages are kept").isEqualTo((long) PER_DAY * DAYS);
  }

  private long[] measure(int day) {
    return new long[] {
      day,
      rows("act_hi_procinst", "proc_def_key_"),
      rows("act_hi_actinst", "proc_def_key_"),
      rows("act_hi_varinst", "proc_def_key_"),
      rows("act_hi_job_log", "process_def_key_"),
      jdbc.queryForObject(
          "select count(*) from message where contact_id like ?",
          Long.class,
          "c-soak-" + run + "-%")
    };
  }

  private long rows(String table, String keyColumn) {
    return jdbc.queryForObject(
        "select count(*) from " + table + " where " + keyColumn + " = ?", Long.class, PROCESS);
  }

  private static BpmnModelInstance journey() {
    return Bpmn.createExecutableProcess(PROCESS)
        .camundaHistoryTimeToLive(TTL_DAYS)
        .startEvent()
        .serviceTask("Task_Email")
        .camundaAsyncBefore()
        .camundaFailedJobRetryTimeCycle("R3/PT1S")
        .camundaDelegateExpression("${sendMessageDelegate}")
        .camundaInputParameter("channel", "email")
        .camundaInputParameter("template", "onboarding-welcome")
        .endEvent()
        .done();
  }

  private void putContact(String contactId) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    assertThat(
            rest.exchange(
                    "/api/contacts/" + contactId,
                    HttpMethod.PUT,
                    new HttpEntity<>(
                        "{\"email\":\"" + contactId + "@example.com\",\"firstName\":\"Ann\"}",
                        headers),
                    String.class)
                .getStatusCode()
                .is2xxSuccessful())
        .isTrue();
  }
}
