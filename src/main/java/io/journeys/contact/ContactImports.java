package io.journeys.contact;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Contact's published import API for other features (the marketer's console): the header cells of
 * an uploaded file with the field each would map to, starting an import with a mapping (as {@code
 * POST /api/imports}), and its report (the document of {@code GET /api/imports/{importId}}).
 */
@Component
public class ContactImports {

  private static final TypeReference<Map<String, Object>> DOCUMENT = new TypeReference<>() {};

  private final ImportService imports;
  private final ObjectMapper json;

  ContactImports(ImportService imports, ObjectMapper json) {
    this.imports = imports;
    this.json = json;
  }

  /** A column of an uploaded file: its header cell and the field it maps to by default. */
  public record Column(String header, String field) implements java.io.Serializable {}

  /**
   * The fields a column may map to: the contact fields, {@code ignored}; and {@code
   * attribute:<name>} besides.
   */
  public static List<String> fields() {
    List<String> fields = new ArrayList<>(ImportColumns.FIELDS);
    fields.add(ImportColumns.IGNORED);
    return fields;
  }

  /** Whether {@code field} is a target of a mapping. */
  public static boolean isField(String field) {
    return ImportColumns.isField(field);
  }

  /**
   * The header of {@code file} (CSV or .xlsx, told by content), each cell with its default field.
   *
   * @throws IllegalArgumentException when the file cannot be read or has no header, with a reason
   */
  public List<Column> columns(Path file, Charset charset) {
    try {
      SheetRows.Format format = SheetRows.Format.of(file);
      try (SheetRows rows = ImportService.rows(file, format, charset)) {
        if (!rows.hasNext()) {
          throw new IllegalArgumentException("the file is empty");
        }
        List<String> header = rows.next().values();
        List<String> fields = ImportColumns.fields(header, Map.of());
        List<Column> columns = new ArrayList<>(header.size());
        for (int i = 0; i < header.size(); i++) {
          columns.add(new Column(header.get(i).replace("\uFEFF", "").trim(), fields.get(i)));
        }
        return columns;
      }
    } catch (IOException | UncheckedIOException e) {
      throw new IllegalArgumentException("the file cannot be read (" + e.getMessage() + ")", e);
    }
  }

  /**
   * Takes over {@code file} (deleted when the import ends, or here when it is refused) and starts
   * importing it; {@code mapping} is header to field, as {@code POST /api/imports} takes it.
   *
   * @return the import's id
   * @throws IllegalArgumentException when the mapping names an unknown field or no identity column
   */
  public String start(Path file, String fileName, Map<String, String> mapping, Charset charset)
      throws IOException {
    for (String field : mapping.values()) {
      if (!isField(field)) {
        java.nio.file.Files.deleteIfExists(file);
        throw new IllegalArgumentException("unknown field " + field);
      }
    }
    return imports.start(file, fileName, mapping, charset);
  }

  /** The report of import {@code importId} as a JSON-like map; empty when unknown. */
  public Optional<Map<String, Object>> report(String importId) {
    return imports.report(importId).map(r -> json.convertValue(r, DOCUMENT));
  }
}
