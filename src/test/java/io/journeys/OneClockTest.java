package io.journeys;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.journeys.config.EngineClock;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Date;
import org.junit.jupiter.api.Test;

/**
 * One clock: production code reads the time through {@link EngineClock} (Camunda's clock, which
 * process tests move) or a {@link Clock} it was given, never from the system clock directly, so
 * that code deciding with the engine sees the engine's time. Elapsed time ({@code
 * System.nanoTime()}) is not a clock reading and is allowed.
 */
class OneClockTest {

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.journeys");

  private static final ArchRule RULE =
      noClasses()
          .that()
          .doNotHaveFullyQualifiedName(EngineClock.class.getName())
          .should()
          .callMethod(Instant.class, "now")
          .orShould()
          .callMethod(Clock.class, "systemUTC")
          .orShould()
          .callMethod(Clock.class, "systemDefaultZone")
          .orShould()
          .callMethod(Clock.class, "system", ZoneId.class)
          .orShould()
          .callMethod(LocalDate.class, "now")
          .orShould()
          .callMethod(LocalDate.class, "now", ZoneId.class)
          .orShould()
          .callMethod(LocalDateTime.class, "now")
          .orShould()
          .callMethod(LocalDateTime.class, "now", ZoneId.class)
          .orShould()
          .callMethod(LocalTime.class, "now")
          .orShould()
          .callMethod(LocalTime.class, "now", ZoneId.class)
          .orShould()
          .callMethod(ZonedDateTime.class, "now")
          .orShould()
          .callMethod(ZonedDateTime.class, "now", ZoneId.class)
          .orShould()
          .callMethod(OffsetDateTime.class, "now")
          .orShould()
          .callMethod(OffsetDateTime.class, "now", ZoneId.class)
          .orShould()
          .callMethod(System.class, "currentTimeMillis")
          .orShould()
          .callConstructor(Date.class)
          .because("the one clock is config/EngineClock (docs/camunda-internals.md)");

  @Test
  void onlyEngineClockReadsTheSystemClock() {
    RULE.check(CLASSES);
  }

  @Test
  void theRuleCatchesEveryWayOfReadingTheSystemClock() {
    for (Class<?> reader : Readers.class.getDeclaredClasses()) {
      assertThat(RULE.evaluate(new ClassFileImporter().importClasses(reader)).hasViolation())
          .as(reader.getSimpleName())
          .isTrue();
    }
  }

  /** One class per way of reading the system clock the rule forbids. */
  static final class Readers {
    static final class InstantNow {
      Object read() {
        return Instant.now();
      }
    }

    static final class SystemUtc {
      Object read() {
        return Clock.systemUTC();
      }
    }

    static final class LocalDateNow {
      Object read() {
        return LocalDate.now();
      }
    }

    static final class OffsetNow {
      Object read() {
        return OffsetDateTime.now(ZoneId.of("Asia/Shanghai"));
      }
    }

    static final class Millis {
      long read() {
        return System.currentTimeMillis();
      }
    }

    static final class NewDate {
      Object read() {
        return new Date();
      }
    }
  }
}
