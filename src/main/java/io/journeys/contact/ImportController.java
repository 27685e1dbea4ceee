package io.journeys.contact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeys.web.ApiException;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * {@code POST /api/imports} (multipart {@code file}, CSV or Excel {@code .xlsx}, told by its
 * content; optional {@code mapping}, a JSON object header to field, and {@code charset}, default
 * UTF-8) and {@code GET /api/imports/{importId}}.
 */
@RestController
class ImportController {

  private static final TypeReference<Map<String, String>> MAPPING = new TypeReference<>() {};

  private final ImportService imports;
  private final ObjectMapper json;

  ImportController(ImportService imports, ObjectMapper json) {
    this.imports = imports;
    this.json = json;
  }

  @PostMapping("/api/imports")
  @ResponseStatus(HttpStatus.ACCEPTED)
  Map<String, String> start(
      @RequestParam("file") MultipartFile file,
      @RequestParam(name = "mapping", required = false) String mapping,
      @RequestParam(name = "charset", required = false) String charset)
      throws IOException {
    if (file.isEmpty()) {
      throw bad("file", "empty file");
    }
    Map<String, String> columns = mapping(mapping);
    Charset cs = charset(charset);
    Path copy = Files.createTempFile("journeys-import-", ".upload");
    file.transferTo(copy);
    try {
      return Map.of("importId", imports.start(copy, fileName(file), columns, cs));
    } catch (IllegalArgumentException e) {
      throw bad("file", e.getMessage());
    }
  }

  @GetMapping("/api/imports/{importId}")
  ImportReport report(@PathVariable String importId) {
    return imports.report(importId).orElseThrow(() -> ApiException.notFound("unknown import"));
  }

  private static String fileName(MultipartFile file) {
    String name = file.getOriginalFilename();
    if (name == null) {
      return null;
    }
    name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    return name.length() > 300 ? name.substring(0, 300) : name;
  }

  private Map<String, String> mapping(String mapping) {
    if (mapping == null || mapping.isBlank()) {
      return Map.of();
    }
    try {
      Map<String, String> m = json.readValue(mapping, MAPPING);
      for (String field : m.values()) {
        if (field != null
            && !ImportColumns.FIELDS.contains(field)
            && !ImportColumns.IGNORED.equals(field)
            && !field.startsWith("attribute:")) {
          throw bad(
              "mapping",
              "unknown field ("
                  + String.join(", ", ImportColumns.FIELDS)
                  + ", attribute:<name> or ignored)");
        }
      }
      return m;
    } catch (JsonProcessingException e) {
      throw bad("mapping", "must be a JSON object of CSV header to field");
    }
  }

  private static Charset charset(String name) {
    if (name == null || name.isBlank()) {
      return StandardCharsets.UTF_8;
    }
    try {
      return Charset.forName(name.trim());
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      throw bad("charset", "unknown character set");
    }
  }

  private static ApiException bad(String field, String reason) {
    return ApiException.badRequest(
        "invalid import", List.of(Map.of("field", field, "reason", reason)));
  }
}
