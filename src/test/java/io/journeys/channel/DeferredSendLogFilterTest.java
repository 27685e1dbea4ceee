package io.journeys.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.support.ApplicationLogging;
import java.time.Instant;
import org.camunda.bpm.engine.ProcessEngineException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * With the application's logback-spring.xml, the engine's error lines about a quiet-hours deferral
 * are dropped, while the engine's real errors and our own deferral lines remain.
 */
@ExtendWith(OutputCaptureExtension.class)
class DeferredSendLogFilterTest {

  private ApplicationLogging logging;

  @BeforeEach
  void applicationLogging() {
    logging = ApplicationLogging.apply();
  }

  @AfterEach
  void testLogging() {
    logging.restore();
  }

  @Test
  void engineErrorsAboutADeferralAreDroppedAndEverythingElseStays(CapturedOutput output) {
    SendDeferredException deferral =
        new SendDeferredException("m-deferred-1", Instant.parse("2026-11-24T00:00:00Z"));
    Logger context = LoggerFactory.getLogger("org.camunda.bpm.engine.context");
    Logger jobs = LoggerFactory.getLogger("org.camunda.bpm.engine.jobexecutor");

    context.error(
        "ENGINE-16004 Exception while closing command context: {}",
        deferral.getMessage(),
        deferral);
    jobs.warn(
        "ENGINE-14006 Exception while executing job j-1",
        new ProcessEngineException("wrapped", deferral));
    jobs.warn("ENGINE-14006 Exception while executing job {}: {}", "j-2", "deferred", deferral);
    context.error(
        "ENGINE-16004 Exception while closing command context: real failure",
        new IllegalStateException("smtp relay refused"));
    LoggerFactory.getLogger(MessageSender.class)
        .info("Message m-deferred-1 on email {}", deferral.getMessage());

    String logged = output.getAll();
    assertThat(logged)
        .doesNotContain("ENGINE-16004 Exception while closing command context: message")
        .doesNotContain("job j-1")
        .doesNotContain("job j-2");
    assertThat(logged)
        .contains(
            "real failure",
            "smtp relay refused",
            "Message m-deferred-1 on email message m-deferred-1 deferred until 2026-11-24T00:00:00Z");
  }
}
