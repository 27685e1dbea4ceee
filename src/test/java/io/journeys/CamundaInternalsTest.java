package io.journeys;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Camunda's internal API ({@code org.camunda.bpm.engine.impl..}) is used only by the classes that
 * docs/camunda-internals.md lists with their reason and the test that catches a change. A new use
 * fails here until it is listed there (and here).
 */
class CamundaInternalsTest {

  /** Top-level classes allowed to use internal engine API, as named in the document. */
  static final Set<String> LISTED =
      Set.of(
          "channel/SendMessageDelegate",
          "channel/DispatchJobsEnginePlugin",
          "channel/SendJobFailuresEnginePlugin",
          "channel/DispatchRetries",
          "journey/JourneyCorrelator",
          "config/EngineClock",
          "analytics/AnalyticsEnginePlugin",
          "enrollment/JourneyStarts",
          "journey/EngineEventBatch");

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.journeys");

  @Test
  void onlyTheListedClassesUseInternalEngineApi() {
    noClasses()
        .that(notListed())
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.camunda.bpm.engine.impl..")
        .because("docs/camunda-internals.md lists every use of internal engine API")
        .check(CLASSES);
  }

  @Test
  void theDocumentNamesEveryListedClass() throws IOException {
    String document = Files.readString(Path.of("docs/camunda-internals.md"));
    for (String listed : LISTED) {
      assertThat(document).as("docs/camunda-internals.md").contains("`" + listed + "`");
    }
  }

  private static DescribedPredicate<JavaClass> notListed() {
    return DescribedPredicate.describe(
        "are not listed in docs/camunda-internals.md",
        c -> {
          String topLevel = c.getName().replaceFirst("\\$.*", "");
          return LISTED.stream()
              .noneMatch(l -> topLevel.equals("io.journeys." + l.replace('/', '.')));
        });
  }
}
