package io.journeys;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.camunda.bpm.engine.impl.pvm.delegate.ActivityBehavior;
import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Component;

/**
 * One seam to Camunda: every class the engine calls (a delegate or activity behaviour behind a
 * service task, an execution or task listener, an engine plugin) is named by its role — {@code
 * *Delegate}, {@code *Listener}, {@code *EnginePlugin} — and listed in docs/camunda-internals.md
 * ("The seam"), and every bean a model names in a {@code delegateExpression} is one of them. So the
 * document is the one place where a reader finds where each feature meets the engine.
 */
class CamundaSeamTest {

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.journeys");

  /** The role of a Camunda-facing type and the suffix of the classes in that role. */
  private static final Map<Class<?>, String> ROLES =
      Map.of(
          JavaDelegate.class, "Delegate",
          ActivityBehavior.class, "Delegate",
          ExecutionListener.class, "Listener",
          TaskListener.class, "Listener",
          ProcessEnginePlugin.class, "EnginePlugin");

  @Test
  void everyClassTheEngineCallsIsNamedByItsRole() {
    assertThat(seam()).isNotEmpty();
    for (JavaClass c : seam()) {
      String suffix = role(c);
      assertThat(c.getSimpleName()).as(c.getName() + " is a " + suffix).endsWith(suffix);
    }
  }

  @Test
  void theDocumentListsEveryClassTheEngineCalls() throws IOException {
    String document = Files.readString(Path.of("docs/camunda-internals.md"));
    for (JavaClass c : seam()) {
      assertThat(document).as("docs/camunda-internals.md, The seam").contains("`" + name(c) + "`");
    }
  }

  @Test
  void everyDelegateExpressionOfTheModelsNamesABeanOfTheSeam() throws IOException {
    Map<String, String> beans =
        seam().stream().collect(Collectors.toMap(CamundaSeamTest::beanName, CamundaSeamTest::name));
    Set<String> used = delegateExpressions();
    assertThat(used).as("beans named by the models").isNotEmpty();
    assertThat(beans).as("beans of the seam").containsKeys(used.toArray(String[]::new));
  }

  /** The top-level production classes in one of the {@link #ROLES}. */
  static List<JavaClass> seam() {
    return CLASSES.stream()
        .filter(c -> c.isTopLevelClass() && !c.isInterface() && role(c) != null)
        .sorted((a, b) -> a.getName().compareTo(b.getName()))
        .toList();
  }

  private static String role(JavaClass c) {
    return ROLES.entrySet().stream()
        .filter(r -> c.isAssignableTo(r.getKey()))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(null);
  }

  /** {@code feature/Class}, as the document names it. */
  private static String name(JavaClass c) {
    return c.getPackageName().substring("io.journeys.".length()).replace('.', '/')
        + "/"
        + c.getSimpleName();
  }

  private static String beanName(JavaClass c) {
    return c.tryGetAnnotationOfType(Component.class)
        .map(Component::value)
        .filter(v -> !v.isEmpty())
        .orElseGet(
            () ->
                Character.toLowerCase(c.getSimpleName().charAt(0))
                    + c.getSimpleName().substring(1));
  }

  private static final Pattern DELEGATE_EXPRESSION =
      Pattern.compile("delegateExpression=\"\\$\\{(\\w+)}\"");

  /** The bean names in {@code delegateExpression}s of every model in {@code bpmn/}. */
  static Set<String> delegateExpressions() throws IOException {
    Set<String> names = new TreeSet<>();
    try (Stream<Path> files = Files.walk(Path.of("bpmn"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".bpmn")).toList()) {
        Matcher m = DELEGATE_EXPRESSION.matcher(Files.readString(file));
        while (m.find()) {
          names.add(m.group(1));
        }
      }
    }
    return names;
  }
}
