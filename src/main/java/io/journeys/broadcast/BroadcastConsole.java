package io.journeys.broadcast;

import io.journeys.console.ConsolePage;
import io.journeys.console.ConsoleTable;
import java.security.Principal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /console/broadcasts}: the latest broadcasts with their timing, status and progress; for
 * marketing and admins a form to schedule one to a segment and a button to cancel one that is
 * scheduled or running, through the same service as {@code /api/broadcasts}.
 */
@Controller
@ConsolePage
class BroadcastConsole {

  static final String PATH = "/console/broadcasts";

  private final BroadcastService broadcasts;
  private final MessageSource messages;

  BroadcastConsole(BroadcastService broadcasts, MessageSource messages) {
    this.broadcasts = broadcasts;
    this.messages = messages;
  }

  @GetMapping(PATH)
  String page(Model model, Locale locale) {
    model.addAttribute("tables", List.of(table(locale)));
    model.addAttribute("cancellable", cancellable());
    if (!model.containsAttribute("form")) {
      Map<String, String> form = new LinkedHashMap<>();
      form.put("channel", "email");
      form.put("timezone", "Asia/Shanghai");
      form.put("time", "10:00");
      model.addAttribute("form", form);
    }
    return "console/broadcasts";
  }

  @GetMapping(value = PATH, params = "csv")
  ResponseEntity<byte[]> csv(@RequestParam String csv, Locale locale) {
    return ConsoleTable.download(List.of(table(locale)), csv, messages, locale);
  }

  @PostMapping(PATH)
  String schedule(
      @RequestParam Map<String, String> fields, Principal user, Model model, Locale locale) {
    List<Object> problems = new ArrayList<>();
    LocalDate date = parse("date", fields.get("date"), LocalDate::parse, problems);
    LocalTime time = parse("time", fields.get("time"), LocalTime::parse, problems);
    Integer batch = parse("batchSize", fields.get("batchSize"), Integer::valueOf, problems);
    if (problems.isEmpty()) {
      try {
        broadcasts.schedule(
            new BroadcastRequest(
                blankToNull(fields.get("name")),
                blankToNull(fields.get("channel")),
                blankToNull(fields.get("template")),
                date,
                time,
                blankToNull(fields.get("timezone")),
                fields.containsKey("localTime"),
                batch,
                null,
                blankToNull(fields.get("segment"))),
            user.getName());
        return "redirect:" + PATH;
      } catch (InvalidBroadcast e) {
        problems.addAll(
            e.missingRequest()
                ? List.of(Map.of("reason", "a broadcast object is required"))
                : e.problems());
      }
    }
    model.addAttribute("form", fields);
    model.addAttribute("problems", problems);
    return page(model, locale);
  }

  @PostMapping(PATH + "/{id}/cancel")
  String cancel(@PathVariable String id, Principal user) {
    broadcasts.cancel(id, user.getName());
    return "redirect:" + PATH;
  }

  private List<String> cancellable() {
    return broadcasts.latest().stream()
        .filter(b -> "SCHEDULED".equals(b.status()) || "RUNNING".equals(b.status()))
        .map(b -> b.id() + " · " + b.name())
        .toList();
  }

  private ConsoleTable table(Locale locale) {
    List<List<?>> rows = new ArrayList<>();
    for (BroadcastView b : broadcasts.latest()) {
      String zone =
          b.localTime() ? messages.getMessage("broadcasts.localTime", null, locale) : b.timezone();
      String batches =
          b.batchSize() == null
              ? ""
              : " ("
                  + messages.getMessage("broadcasts.perDay", new Object[] {b.batchSize()}, locale)
                  + ")";
      rows.add(
          Arrays.asList(
              b.id(),
              b.name(),
              b.channel(),
              b.template(),
              b.date() + " " + b.time() + " " + zone + batches,
              b.status(),
              b.recipients(),
              b.deliveriesCompleted()));
    }
    return ConsoleTable.of(
        "broadcasts",
        List.of(
            "broadcasts.id",
            "broadcasts.name",
            "broadcasts.channel",
            "broadcasts.template",
            "broadcasts.when",
            "broadcasts.status",
            "broadcasts.recipients",
            "broadcasts.delivered"),
        rows);
  }

  private interface Parser<T> {
    T parse(String text);
  }

  private static <T> T parse(String field, String text, Parser<T> parser, List<Object> problems) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return parser.parse(text.trim());
    } catch (DateTimeParseException | NumberFormatException e) {
      problems.add(Map.of("field", field, "reason", "not understood: " + text.trim()));
      return null;
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
