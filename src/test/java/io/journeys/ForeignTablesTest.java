package io.journeys;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No feature reads or writes another's tables: the owner of each table is the package that
 * docs/architecture.md ("Features and packages") names for it, and the SQL in a feature's code (its
 * string literals) names only tables of its own; a foreign table fails here (reach it through the
 * owner's published API instead).
 */
class ForeignTablesTest {

  /**
   * {@code feature/Class -> table}: foreign-table SQL still to be replaced. Empty: every feature
   * reaches another's rows through the owner's published API (docs/modules.md, "Published
   * queries"). Keep it empty; an entry here is a debt to list in docs/modules.md.
   */
  static final Set<String> KNOWN = Set.of();

  private static final Path MAIN = Path.of("src/main/java/io/journeys");
  private static final Pattern ROW = Pattern.compile("^\\| `(\\w+)` \\|.*\\| ([^|]*) \\|\\s*$");
  private static final Pattern TABLE = Pattern.compile("`(\\w+)`");
  private static final Pattern SQL =
      Pattern.compile("\\b(?:from|join|into|update|table)\\s+(\\w+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern LITERAL =
      Pattern.compile("\"\"\"(.*?)\"\"\"|\"((?:[^\"\\\\\\n]|\\\\.)*)\"", Pattern.DOTALL);
  private static final Pattern CREATE =
      Pattern.compile("create table (?:if not exists )?(\\w+)", Pattern.CASE_INSENSITIVE);

  @Test
  void everyTableOfTheMigrationsHasOneOwner() throws IOException {
    Map<String, String> owners = owners();
    Set<String> created = new TreeSet<>();
    try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
      for (Path file : files.toList()) {
        Matcher m = CREATE.matcher(Files.readString(file));
        while (m.find()) {
          created.add(m.group(1).toLowerCase(Locale.ROOT));
        }
      }
    }
    assertThat(created).isNotEmpty();
    assertThat(owners.keySet())
        .as("tables named in docs/architecture.md, Features and packages")
        .containsAll(created);
  }

  @Test
  void featuresUseOnlyTheirOwnTables() throws IOException {
    Map<String, String> owners = owners();
    List<String> foreign = new ArrayList<>();
    Set<String> seen = new TreeSet<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String feature = MAIN.relativize(file).getName(0).toString();
        String name = feature + "/" + file.getFileName().toString().replace(".java", "");
        for (String table : tables(Files.readString(file), owners.keySet())) {
          if (!owners.get(table).equals(feature)) {
            String use = name + " -> " + table;
            seen.add(use);
            if (!KNOWN.contains(use)) {
              foreign.add(use + " (owned by " + owners.get(table) + ")");
            }
          }
        }
      }
    }
    assertThat(foreign).as("SQL on another feature's tables").isEmpty();
    assertThat(seen).as("listed uses that are gone: remove them from KNOWN").containsAll(KNOWN);
  }

  @Test
  void aForeignTableInAStringIsFound() {
    assertThat(tables("String q = \"select id from contact where x = ?\";", Set.of("contact")))
        .containsExactly("contact");
    assertThat(tables("String q = \"\"\"\n  delete from event\n  \"\"\";", Set.of("event")))
        .containsExactly("event");
    assertThat(tables("// from contact\nint from = 1;", Set.of("contact"))).isEmpty();
  }

  /** The known tables named by SQL in the string literals of {@code source}. */
  static Set<String> tables(String source, Set<String> known) {
    Set<String> found = new TreeSet<>();
    Matcher literal = LITERAL.matcher(source);
    while (literal.find()) {
      String text = literal.group(1) != null ? literal.group(1) : literal.group(2);
      Matcher sql = SQL.matcher(text);
      while (sql.find()) {
        String table = sql.group(1).toLowerCase(Locale.ROOT);
        if (known.contains(table)) {
          found.add(table);
        }
      }
    }
    return found;
  }

  /** Table → owning package, from docs/architecture.md. */
  static Map<String, String> owners() throws IOException {
    Map<String, String> owners = new HashMap<>();
    for (String line : Files.readAllLines(Path.of("docs/architecture.md"))) {
      Matcher row = ROW.matcher(line);
      if (row.matches()) {
        Matcher table = TABLE.matcher(row.group(2));
        while (table.find()) {
          String previous = owners.put(table.group(1), row.group(1));
          assertThat(previous).as("owner of " + table.group(1)).isNull();
        }
      }
    }
    return owners;
  }
}
