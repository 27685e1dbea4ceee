package io.journeys.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.support.ApplicationLogging;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The application's logback-spring.xml masks personal data: canary emails and phone numbers logged
 * through SLF4J, in messages, arguments and stack traces, never reach the output.
 */
@ExtendWith(OutputCaptureExtension.class)
class LogMaskingTest {

  static final String CANARY_EMAIL = "canary.k7q2@example.org";
  static final String CANARY_PHONE = "+8613912345678";
  static final String CANARY_MOBILE = "13987654321";
  static final String CANARY_US_PHONE = "(415) 555-0134";
  static final String CANARY_INTL = "+49 30 1234 5678";

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
  void canariesNeverReachTheLog(CapturedOutput output) {
    Logger log = LoggerFactory.getLogger("io.journeys.canary");
    log.info("contact {} with phone {} imported", CANARY_EMAIL, CANARY_PHONE);
    log.warn("plain message to " + CANARY_EMAIL + " and " + CANARY_MOBILE);
    log.info("callers {} and {}", CANARY_US_PHONE, CANARY_INTL);
    log.error(
        "send failed",
        new IllegalStateException("mailbox " + CANARY_EMAIL + " rejected, sms " + CANARY_PHONE));

    String logged = output.getAll();
    assertThat(logged)
        .contains("imported", "plain message to", "send failed", "IllegalStateException");
    assertThat(logged)
        .doesNotContain(
            CANARY_EMAIL,
            "canary.k7q2",
            CANARY_PHONE,
            "8613912345678",
            CANARY_MOBILE,
            CANARY_US_PHONE,
            "555-0134",
            CANARY_INTL,
            "1234 5678")
        .contains(PersonalDataMask.EMAIL_MASK, PersonalDataMask.PHONE_MASK);
  }

  @Test
  void idsTimesAndNumbersStayReadable() {
    String line =
        "instance 550e8400-e29b-41d4-a716-446655440000 job 13987654321x took 1234567 ms "
            + "at 2026-11-23T08:15:00Z, 10000 rows, order o-77 amount 199.00";
    assertThat(PersonalDataMask.mask(line)).isEqualTo(line);
    assertThat(PersonalDataMask.mask("reply from Li.Lei+vip@mail.example.com.cn"))
        .isEqualTo("reply from " + PersonalDataMask.EMAIL_MASK);
    assertThat(PersonalDataMask.mask("call 008613800138000 or +86 138 0013 8000"))
        .doesNotContain("13800138000", "138 0013 8000");
  }
}
