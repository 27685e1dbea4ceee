package io.journeys;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * Each direct sub-package of {@code io.journeys} is a module (Spring Modulith's convention). The
 * build fails when modules depend on each other in a cycle or when one uses a type another keeps
 * internal (a sub-package of a module). Every run also rewrites the module diagrams and canvases in
 * {@code docs/modules/}, so a change of the dependencies shows in the diff (see docs/modules.md).
 */
class ModuleBoundariesTest {

  static final ApplicationModules MODULES = ApplicationModules.of(JourneysApplication.class);

  @Test
  void modulesHaveNoCyclesAndUseOnlyPublishedTypes() {
    MODULES.verify();
  }

  @Test
  void everyFeaturePackageIsAModule() {
    assertThat(MODULES.stream().map(ApplicationModule::getIdentifier).map(Object::toString))
        .contains(
            "analytics",
            "channel",
            "config",
            "contact",
            "crm",
            "event",
            "governance",
            "journey",
            "security",
            "segment",
            "web");
  }

  @Test
  void writesTheModuleDocumentation() throws IOException {
    new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(DOCS.toString()))
        .writeModulesAsPlantUml()
        .writeIndividualModulesAsPlantUml()
        .writeModuleCanvases();
    try (Stream<Path> files = Files.list(DOCS)) {
      for (Path file : files.filter(f -> f.toString().matches(".*\\.(puml|adoc)")).toList()) {
        Files.write(file, stableOrder(Files.readAllLines(file)));
      }
    }
    assertThat(Files.readString(DOCS.resolve("components.puml")))
        .contains(
            "Rel(JourneysApplication.JourneysApplication.Channel, "
                + "JourneysApplication.JourneysApplication.Journey, \"uses\"");
  }

  private static final Path DOCS = Path.of("docs/modules");

  /**
   * The Documenter lists components, relations and a canvas's items in hash order; sorting each run
   * of them keeps the committed files unchanged until a dependency changes. A canvas list is a line
   * {@code |* first} followed by lines {@code * next}.
   */
  static List<String> stableOrder(List<String> lines) {
    List<String> out = new ArrayList<>();
    List<String> run = new ArrayList<>();
    String kind = null;
    for (String line : lines) {
      String lineKind =
          line.startsWith("Rel(")
              ? "Rel("
              : line.startsWith("  Component(")
                  ? "C"
                  : line.startsWith("* ") && "*".equals(kind)
                      ? "*"
                      : line.startsWith("|* ") ? "|*" : null;
      if (!Objects.equals(lineKind, kind) || "|*".equals(lineKind)) {
        flush(run, out);
        kind = "|*".equals(lineKind) ? "*" : lineKind;
        lineKind = kind;
        if ("*".equals(kind)) {
          line = line.substring(1);
          run.add("|");
        }
      }
      (lineKind == null ? out : run).add(line);
    }
    flush(run, out);
    return out;
  }

  private static void flush(List<String> run, List<String> out) {
    boolean table = !run.isEmpty() && run.get(0).equals("|");
    List<String> items = new ArrayList<>(table ? run.subList(1, run.size()) : run);
    items.sort(null);
    if (table && !items.isEmpty()) {
      items.set(0, "|" + items.get(0));
    }
    out.addAll(items);
    run.clear();
  }
}
