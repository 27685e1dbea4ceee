package io.journeys.console;

import io.journeys.contact.ContactImports;
import io.journeys.web.ApiException;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * {@code /console/import}: a contact file (CSV or .xlsx) is uploaded, its header shown with a field
 * per column (preselected as the import would map it), the import started with that mapping through
 * {@link ContactImports} (the same path as {@code POST /api/imports}), and its report shown, the
 * page refreshing itself while the import runs; the rejected rows are a table with its CSV.
 * Marketing and admins only, as {@code /api/imports}: viewers see no form and no report, and their
 * POSTs are refused (403) by the console's security chain.
 */
@Controller
@ConsolePage
class ImportConsole {

  static final String PATH = "/console/import";
  private static final String UPLOAD = ImportConsole.class.getName() + ".upload";
  private static final Map<String, Charset> CHARSETS =
      Map.of("UTF-8", StandardCharsets.UTF_8, "GB18030", Charset.forName("GB18030"));

  private final ContactImports imports;
  private final MessageSource messages;

  ImportConsole(ContactImports imports, MessageSource messages) {
    this.imports = imports;
    this.messages = messages;
  }

  /**
   * An uploaded file waiting for its mapping, kept in the session; deleted when the session ends or
   * another file replaces it, unless an import took it over.
   */
  static final class Upload implements HttpSessionBindingListener, Serializable {
    @Serial private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(Upload.class);
    final String file;
    final String fileName;
    final String charset;
    final List<ContactImports.Column> columns;
    volatile boolean taken;

    Upload(Path file, String fileName, String charset, List<ContactImports.Column> columns) {
      this.file = file.toString();
      this.fileName = fileName;
      this.charset = charset;
      this.columns = List.copyOf(columns);
    }

    @Override
    public void valueUnbound(HttpSessionBindingEvent event) {
      if (!taken) {
        try {
          Files.deleteIfExists(Path.of(file));
        } catch (IOException e) {
          log.warn("Could not delete an abandoned upload", e);
        }
      }
    }
  }

  @GetMapping(PATH)
  String page(
      @RequestParam(required = false) String id,
      Principal user,
      HttpSession session,
      HttpServletResponse response,
      Model model) {
    model.addAttribute("id", id == null ? "" : id);
    if (!ConsoleModel.canEdit(user)) {
      model.addAttribute("forbidden", true);
      return "console/import";
    }
    if (id != null && !id.isBlank()) {
      Map<String, Object> report =
          imports.report(id).orElseThrow(() -> ApiException.notFound("no import " + id));
      model.addAttribute("report", report);
      model.addAttribute("tables", tables(report));
      if ("running".equals(report.get("status"))) {
        response.setHeader("Refresh", "2"); // the browser reloads the report while it runs
      }
    } else if (session.getAttribute(UPLOAD) instanceof Upload upload) {
      mapping(upload, model);
    }
    return "console/import";
  }

  @GetMapping(value = PATH, params = "csv")
  ResponseEntity<byte[]> csv(
      @RequestParam String id, @RequestParam String csv, Principal user, Locale locale) {
    editor(user);
    return imports
        .report(id)
        .map(r -> ConsoleTable.download(tables(r), csv, messages, locale))
        .orElseGet(() -> ResponseEntity.notFound().build());
  }

  /** Step 1: the file; its header comes back with a field per column. */
  @PostMapping(PATH)
  String upload(
      @RequestParam("file") MultipartFile file,
      @RequestParam(defaultValue = "UTF-8") String charset,
      Principal user,
      HttpSession session,
      Model model)
      throws IOException {
    editor(user);
    model.addAttribute("id", "");
    session.removeAttribute(UPLOAD);
    Charset cs = CHARSETS.get(charset);
    if (file.isEmpty() || cs == null) {
      model.addAttribute("problem", file.isEmpty() ? "the file is empty" : "unknown charset");
      return "console/import";
    }
    Path copy = Files.createTempFile("journeys-console-import-", ".upload");
    file.transferTo(copy);
    try {
      Upload upload = new Upload(copy, fileName(file), charset, imports.columns(copy, cs));
      session.setAttribute(UPLOAD, upload);
      mapping(upload, model);
    } catch (IllegalArgumentException e) {
      Files.deleteIfExists(copy);
      model.addAttribute("problem", e.getMessage());
    }
    return "console/import";
  }

  /** Step 2: the mapping ({@code field.<column index>}); the import starts. */
  @PostMapping(PATH + "/start")
  String start(
      @RequestParam Map<String, String> form, Principal user, HttpSession session, Model model)
      throws IOException {
    editor(user);
    model.addAttribute("id", "");
    if (!(session.getAttribute(UPLOAD) instanceof Upload upload)) {
      model.addAttribute("problem", "upload the file again");
      return "console/import";
    }
    Map<String, String> mapping = new LinkedHashMap<>();
    for (int i = 0; i < upload.columns.size(); i++) {
      String header = upload.columns.get(i).header();
      String field = form.getOrDefault("field." + i, upload.columns.get(i).field());
      if (!header.isEmpty()) {
        mapping.put(header, field);
      }
    }
    try {
      upload.taken = true; // the import owns the file now, also when it refuses it
      session.removeAttribute(UPLOAD);
      String id =
          imports.start(
              Path.of(upload.file), upload.fileName, mapping, CHARSETS.get(upload.charset));
      return "redirect:" + PATH + "?id=" + id;
    } catch (IllegalArgumentException e) {
      model.addAttribute("problem", e.getMessage());
      return "console/import";
    }
  }

  private static void mapping(Upload upload, Model model) {
    model.addAttribute("upload", upload.fileName);
    model.addAttribute("columns", upload.columns);
    model.addAttribute("fields", ContactImports.fields());
  }

  private static List<ConsoleTable> tables(Map<String, Object> report) {
    List<List<?>> counts = new ArrayList<>();
    List<?> figures =
        java.util.Arrays.asList(
            report.get("status"),
            report.get("read"),
            report.get("inserted"),
            report.get("updated"),
            report.get("merged"),
            report.get("rejected"),
            ConsoleTable.Cell.percent(report.get("errorRate")),
            report.get("error"));
    counts.add(figures);
    List<List<?>> rejected = new ArrayList<>();
    if (report.get("rejectedRows") instanceof List<?> rows) {
      for (Object row : rows) {
        if (row instanceof Map<?, ?> r) {
          rejected.add(java.util.Arrays.asList(r.get("line"), r.get("reason")));
        }
      }
    }
    return List.of(
        ConsoleTable.of(
            "import",
            List.of(
                "import.status",
                "import.read.count",
                "import.inserted",
                "import.updated",
                "import.merged",
                "import.rejected",
                "import.errorRate",
                "import.error"),
            counts),
        ConsoleTable.of("rejected", List.of("import.line", "import.reason"), rejected));
  }

  private static String fileName(MultipartFile file) {
    String name = Optional.ofNullable(file.getOriginalFilename()).orElse("");
    name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    return name.length() > 300 ? name.substring(0, 300) : name;
  }

  private static void editor(Principal user) {
    if (!ConsoleModel.canEdit(user)) {
      throw new ApiException(
          HttpStatus.FORBIDDEN, "imports are for marketing and admins", List.of());
    }
  }
}
