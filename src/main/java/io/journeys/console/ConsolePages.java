package io.journeys.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeys.analytics.AnalyticsReads;
import io.journeys.config.EngineClock;
import io.journeys.contact.ContactReads;
import io.journeys.operations.JourneyReads;
import io.journeys.scoring.ScoreReads;
import io.journeys.segment.SegmentReads;
import io.journeys.web.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.camunda.bpm.engine.RepositoryService;
import org.springframework.context.MessageSource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The console's pages over the other features' published reads (docs/console.md): overview,
 * journeys (with each journey's diagram and funnel), analytics (channel metrics, experiments,
 * attribution), segments, contact lookup. Every table is also a CSV download ({@code ?csv=<id>}).
 */
@Controller
@ConsolePage
class ConsolePages {

  private final AnalyticsReads analytics;
  private final JourneyReads journeys;
  private final SegmentReads segments;
  private final ContactReads contacts;
  private final ScoreReads scores;
  private final RepositoryService repository;
  private final MessageSource messages;
  private final ObjectMapper json;
  private final Clock clock = EngineClock.UTC;

  ConsolePages(
      AnalyticsReads analytics,
      JourneyReads journeys,
      SegmentReads segments,
      ContactReads contacts,
      ScoreReads scores,
      RepositoryService repository,
      MessageSource messages,
      ObjectMapper json) {
    this.analytics = analytics;
    this.journeys = journeys;
    this.segments = segments;
    this.contacts = contacts;
    this.scores = scores;
    this.repository = repository;
    this.messages = messages;
    this.json = json;
  }

  @GetMapping("/console")
  String console() {
    return "redirect:/console/overview";
  }

  // ---- overview --------------------------------------------------------------------------

  @GetMapping("/console/overview")
  String overview(Model model) {
    LocalDate today = LocalDate.now(clock);
    model.addAttribute("tables", overviewTables(today));
    Map<String, Object> daily = analytics.channelMetrics(today.minusDays(29), today, "day", "");
    List<Map<String, Object>> rows = list(daily.get("rows"));
    if (!rows.isEmpty()) {
      List<String> days = days(today);
      Map<String, Map<String, Object>> byDay = new LinkedHashMap<>();
      rows.forEach(row -> byDay.put(String.valueOf(row.get("period")), map(row.get("counts"))));
      Map<String, List<Number>> series = new LinkedHashMap<>();
      for (String metric : List.of("sent", "delivered", "uniqueOpens", "uniqueClicks")) {
        series.put(
            label(metric),
            days.stream().map(d -> number(byDay.getOrDefault(d, Map.of()).get(metric))).toList());
      }
      model.addAttribute("chart", Charts.json(json, Charts.lines(days, series)));
    }
    return "console/overview";
  }

  @GetMapping(value = "/console/overview", params = "csv")
  ResponseEntity<byte[]> overviewCsv(@RequestParam String csv, Locale locale) {
    return ConsoleTable.download(overviewTables(LocalDate.now(clock)), csv, messages, locale);
  }

  private List<ConsoleTable> overviewTables(LocalDate today) {
    List<List<?>> kpis = new ArrayList<>();
    for (int days : new int[] {1, 7, 30}) {
      Map<String, Object> report =
          analytics.channelMetrics(today.minusDays(days - 1L), today, "total", "");
      List<Map<String, Object>> rows = list(report.get("rows"));
      Map<String, Object> counts = rows.isEmpty() ? Map.of() : map(rows.get(0).get("counts"));
      Map<String, Object> rates = rows.isEmpty() ? Map.of() : map(rows.get(0).get("rates"));
      String period = "overview.period." + days;
      kpis.add(
          List.of(
              new ConsoleTable.Cell(msg(period), null, false),
              ConsoleTable.Cell.of(counts.get("sent")),
              ConsoleTable.Cell.of(counts.get("delivered")),
              ConsoleTable.Cell.percent(rates.get("openRate")),
              ConsoleTable.Cell.percent(rates.get("clickRate")),
              ConsoleTable.Cell.percent(rates.get("bounceRate")),
              ConsoleTable.Cell.of(counts.get("conversions")),
              ConsoleTable.Cell.percent(rates.get("conversionRate")),
              ConsoleTable.Cell.of(counts.get("revenue")),
              ConsoleTable.Cell.of(counts.get("cost")),
              ConsoleTable.Cell.of(rates.get("costPerConversion")),
              ConsoleTable.Cell.of(rates.get("roi"))));
    }
    ConsoleTable kpiTable =
        ConsoleTable.of(
            "kpis",
            List.of(
                "overview.window",
                "metric.sent",
                "metric.delivered",
                "metric.openRate",
                "metric.clickRate",
                "metric.bounceRate",
                "metric.conversions",
                "metric.conversionRate",
                "metric.revenue",
                "metric.cost",
                "metric.costPerConversion",
                "metric.roi"),
            kpis);
    Map<String, Object> alerts = analytics.alerts();
    Map<String, String> descriptions = new LinkedHashMap<>();
    for (Map<String, Object> rule : list(alerts.get("rules"))) {
      descriptions.put(String.valueOf(rule.get("id")), String.valueOf(rule.get("description")));
    }
    List<List<?>> firing = new ArrayList<>();
    for (Map<String, Object> state : list(alerts.get("states"))) {
      if ("firing".equals(state.get("state"))) {
        firing.add(
            java.util.Arrays.asList(
                state.get("rule"),
                descriptions.get(String.valueOf(state.get("rule"))),
                state.get("scope"),
                state.get("value"),
                state.get("since")));
      }
    }
    ConsoleTable alertTable =
        ConsoleTable.of(
            "alerts",
            List.of(
                "alerts.rule",
                "alerts.description",
                "alerts.scope",
                "alerts.value",
                "alerts.since"),
            firing);
    List<List<?>> rules = new ArrayList<>();
    for (Map<String, Object> rule : list(alerts.get("rules"))) {
      long firingScopes =
          list(alerts.get("states")).stream()
              .filter(st -> rule.get("id").equals(st.get("rule")))
              .filter(st -> "firing".equals(st.get("state")))
              .count();
      rules.add(
          java.util.Arrays.asList(
              rule.get("id"),
              rule.get("description"),
              rule.get("seed"),
              rule.get("minimumDenominator"),
              firingScopes));
    }
    ConsoleTable ruleTable =
        ConsoleTable.of(
            "alert-rules",
            List.of(
                "alerts.rule",
                "alerts.description",
                "alerts.seed",
                "alerts.minimumDenominator",
                "alerts.firingScopes"),
            rules);
    return List.of(kpiTable, alertTable, ruleTable);
  }

  // ---- journeys --------------------------------------------------------------------------

  @GetMapping("/console/journeys")
  String journeys(Model model) {
    model.addAttribute("tables", List.of(journeyTable()));
    return "console/journeys";
  }

  @GetMapping(value = "/console/journeys", params = "csv")
  ResponseEntity<byte[]> journeysCsv(@RequestParam String csv, Locale locale) {
    return ConsoleTable.download(List.of(journeyTable()), csv, messages, locale);
  }

  private ConsoleTable journeyTable() {
    LocalDate today = LocalDate.now(clock);
    List<List<?>> rows = new ArrayList<>();
    for (Map<String, Object> j : journeys.journeys()) {
      String key = String.valueOf(j.get("key"));
      Optional<Map<String, Object>> funnel = analytics.funnel(key, today.minusDays(29), today);
      Map<String, Object> goal = funnel.map(f -> map(f.get("goal"))).orElse(Map.of());
      rows.add(
          java.util.Arrays.asList(
              ConsoleTable.Cell.link(key, "/console/journeys/" + key),
              j.get("name"),
              j.get("state"),
              j.get("version"),
              j.get("instances"),
              funnel.map(f -> f.get("entries")).orElse(null),
              goal.get("conversions"),
              ConsoleTable.Cell.percent(goal.get("conversionRate")),
              goal.get("revenue")));
    }
    return ConsoleTable.of(
        "journeys",
        List.of(
            "journeys.key",
            "journeys.name",
            "journeys.state",
            "journeys.version",
            "journeys.instances",
            "journeys.entries",
            "metric.conversions",
            "metric.conversionRate",
            "metric.revenue"),
        rows);
  }

  @GetMapping("/console/journeys/{key}")
  String journey(@PathVariable String key, Model model) {
    Map<String, Object> journey = journey(key);
    LocalDate today = LocalDate.now(clock);
    Optional<Map<String, Object>> funnel = analytics.funnel(key, today.minusDays(29), today);
    model.addAttribute("journey", journey);
    model.addAttribute("tables", List.of(nodeTable(funnel)));
    List<Map<String, Object>> overlays = new ArrayList<>();
    funnel.ifPresent(
        f ->
            list(f.get("nodes"))
                .forEach(
                    n ->
                        overlays.add(
                            Map.of(
                                "id", n.get("nodeId"),
                                "entered", n.get("entered"),
                                "passed", n.get("passed"),
                                "dropped", n.get("dropped")))));
    model.addAttribute("overlays", Charts.json(json, overlays));
    model.addAttribute("funnel", funnel.orElse(null));
    return "console/journey";
  }

  @GetMapping(value = "/console/journeys/{key}", params = "csv")
  ResponseEntity<byte[]> journeyCsv(
      @PathVariable String key, @RequestParam String csv, Locale locale) {
    journey(key);
    LocalDate today = LocalDate.now(clock);
    return ConsoleTable.download(
        List.of(nodeTable(analytics.funnel(key, today.minusDays(29), today))),
        csv,
        messages,
        locale);
  }

  /** The BPMN of the journey's latest version, for bpmn-js. */
  @GetMapping(value = "/console/journeys/{key}/diagram.bpmn")
  ResponseEntity<String> diagram(@PathVariable String key) throws IOException {
    String definitionId = String.valueOf(journey(key).get("definitionId"));
    try (InputStream xml = repository.getProcessModel(definitionId)) {
      return ResponseEntity.ok()
          .cacheControl(CacheControl.noStore())
          .contentType(new MediaType(MediaType.APPLICATION_XML, StandardCharsets.UTF_8))
          .body(new String(xml.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private Map<String, Object> journey(String key) {
    return journeys.journeys().stream()
        .filter(j -> key.equals(j.get("key")))
        .findFirst()
        .orElseThrow(() -> ApiException.notFound("no journey " + key));
  }

  private static ConsoleTable nodeTable(Optional<Map<String, Object>> funnel) {
    List<List<?>> rows = new ArrayList<>();
    funnel.ifPresent(
        f ->
            list(f.get("nodes"))
                .forEach(
                    n ->
                        rows.add(
                            java.util.Arrays.asList(
                                n.get("nodeId"),
                                n.get("entered"),
                                n.get("passed"),
                                n.get("dropped"),
                                n.get("waiting"),
                                ConsoleTable.Cell.percent(n.get("passRate")),
                                ConsoleTable.Cell.percent(n.get("dropOffRate")),
                                n.get("medianSeconds")))));
    return ConsoleTable.of(
        "funnel",
        List.of(
            "funnel.node",
            "funnel.entered",
            "funnel.passed",
            "funnel.dropped",
            "funnel.waiting",
            "funnel.passRate",
            "funnel.dropOffRate",
            "funnel.medianSeconds"),
        rows);
  }

  // ---- analytics -------------------------------------------------------------------------

  @GetMapping("/console/analytics")
  String analytics(Model model) {
    LocalDate today = LocalDate.now(clock);
    Map<String, Object> daily =
        analytics.channelMetrics(today.minusDays(29), today, "day", "channel");
    model.addAttribute("tables", analyticsTables(today, daily));
    List<Map<String, Object>> rows = list(daily.get("rows"));
    if (!rows.isEmpty()) {
      List<String> days = days(today);
      Map<String, Map<String, Number>> byChannel = new TreeMap<>();
      for (Map<String, Object> row : rows) {
        String day = String.valueOf(row.get("period"));
        String channel = String.valueOf(map(row.get("group")).get("channel"));
        byChannel
            .computeIfAbsent(channel, c -> new TreeMap<>())
            .put(day, number(map(row.get("counts")).get("sent")));
      }
      Map<String, List<Number>> series = new LinkedHashMap<>();
      byChannel.forEach(
          (channel, perDay) ->
              series.put(channel, days.stream().map(d -> perDay.getOrDefault(d, 0)).toList()));
      model.addAttribute(
          "metricsChart", Charts.json(json, Charts.lines(List.copyOf(days), series)));
    }
    Map<String, Object> attribution = analytics.attribution(today.minusDays(29), today);
    List<String> models = strings(attribution.get("models"));
    List<Map<String, Object>> attributed = list(attribution.get("rows"));
    if (!attributed.isEmpty()) {
      List<Number> conversions = new ArrayList<>();
      List<Number> revenue = new ArrayList<>();
      for (String m : models) {
        double c = 0;
        BigDecimal r = BigDecimal.ZERO;
        for (Map<String, Object> row : attributed) {
          Map<String, Object> credit = map(map(row.get("models")).get(m));
          c += number(credit.get("conversions")).doubleValue();
          r = r.add(new BigDecimal(String.valueOf(credit.getOrDefault("revenue", "0"))));
        }
        conversions.add(Math.round(c * 100) / 100.0);
        revenue.add(r);
      }
      Map<String, List<Number>> series = new LinkedHashMap<>();
      series.put(label("conversions"), conversions);
      series.put(label("revenue"), revenue);
      model.addAttribute("attributionChart", Charts.json(json, Charts.bars(models, series)));
    }
    return "console/analytics";
  }

  @GetMapping(value = "/console/analytics", params = "csv")
  ResponseEntity<byte[]> analyticsCsv(@RequestParam String csv, Locale locale) {
    LocalDate today = LocalDate.now(clock);
    return ConsoleTable.download(
        analyticsTables(
            today, analytics.channelMetrics(today.minusDays(29), today, "day", "channel")),
        csv,
        messages,
        locale);
  }

  private List<ConsoleTable> analyticsTables(LocalDate today, Map<String, Object> daily) {
    List<List<?>> metricRows = new ArrayList<>();
    for (Map<String, Object> row : list(daily.get("rows"))) {
      Map<String, Object> counts = map(row.get("counts"));
      Map<String, Object> rates = map(row.get("rates"));
      metricRows.add(
          java.util.Arrays.asList(
              row.get("period"),
              map(row.get("group")).get("channel"),
              counts.get("sent"),
              counts.get("delivered"),
              ConsoleTable.Cell.percent(rates.get("openRate")),
              ConsoleTable.Cell.percent(rates.get("clickRate")),
              ConsoleTable.Cell.percent(rates.get("bounceRate")),
              counts.get("conversions"),
              ConsoleTable.Cell.percent(rates.get("conversionRate")),
              counts.get("revenue"),
              counts.get("cost"),
              rates.get("costPerConversion"),
              rates.get("roi")));
    }
    ConsoleTable metrics =
        ConsoleTable.of(
            "channel-metrics",
            List.of(
                "metric.day",
                "metric.channel",
                "metric.sent",
                "metric.delivered",
                "metric.openRate",
                "metric.clickRate",
                "metric.bounceRate",
                "metric.conversions",
                "metric.conversionRate",
                "metric.revenue",
                "metric.cost",
                "metric.costPerConversion",
                "metric.roi"),
            metricRows);
    List<List<?>> experimentRows = new ArrayList<>();
    for (String key : analytics.experimentKeys()) {
      analytics
          .experiment(key)
          .ifPresent(
              report -> {
                Map<String, Object> significance = map(report.get("significance"));
                for (Map<String, Object> arm : list(report.get("arms"))) {
                  experimentRows.add(
                      java.util.Arrays.asList(
                          key,
                          arm.get("arm"),
                          arm.get("contacts"),
                          arm.get("conversions"),
                          ConsoleTable.Cell.percent(arm.get("conversionRate")),
                          significance.get("test"),
                          significance.get("pValue"),
                          significance.isEmpty()
                              ? null
                              : msg(
                                  Boolean.TRUE.equals(significance.get("significant"))
                                      ? "yes"
                                      : "no"),
                          report.get("winner"),
                          status(report)));
                }
              });
    }
    ConsoleTable experiments =
        ConsoleTable.of(
            "experiments",
            List.of(
                "experiments.key",
                "experiments.arm",
                "experiments.contacts",
                "metric.conversions",
                "metric.conversionRate",
                "experiments.test",
                "experiments.pValue",
                "experiments.significant",
                "experiments.winner",
                "experiments.status"),
            experimentRows);
    Map<String, Object> attribution = analytics.attribution(today.minusDays(29), today);
    List<String> models = strings(attribution.get("models"));
    List<String> columns =
        new ArrayList<>(
            List.of(
                "attribution.journey",
                "attribution.node",
                "attribution.channel",
                "attribution.template"));
    for (String m : models) {
      columns.add("=" + m + " · " + msg("metric.conversions"));
      columns.add("=" + m + " · " + msg("metric.revenue"));
    }
    List<List<?>> attributionRows = new ArrayList<>();
    for (Map<String, Object> row : list(attribution.get("rows"))) {
      List<Object> cells = new ArrayList<>();
      cells.add(row.get("journey"));
      cells.add(row.get("node"));
      cells.add(row.get("channel"));
      cells.add(row.get("template"));
      for (String m : models) {
        Map<String, Object> credit = map(map(row.get("models")).get(m));
        cells.add(credit.get("conversions"));
        cells.add(credit.get("revenue"));
      }
      attributionRows.add(cells);
    }
    ConsoleTable attributionTable = ConsoleTable.of("attribution", columns, attributionRows);
    return List.of(metrics, experiments, attributionTable);
  }

  // ---- segments --------------------------------------------------------------------------

  @GetMapping("/console/segments")
  String segments(Model model) {
    ConsoleTable table = segmentTable();
    model.addAttribute("tables", List.of(table));
    if (!table.isEmpty()) {
      List<String> names = new ArrayList<>();
      List<Number> sizes = new ArrayList<>();
      for (Map<String, Object> s : segments.segments()) {
        names.add(String.valueOf(s.get("key")));
        sizes.add(number(s.get("size")));
      }
      model.addAttribute(
          "chart", Charts.json(json, Charts.bars(names, Map.of(label("size"), sizes))));
    }
    return "console/segments";
  }

  @GetMapping(value = "/console/segments", params = "csv")
  ResponseEntity<byte[]> segmentsCsv(@RequestParam String csv, Locale locale) {
    return ConsoleTable.download(List.of(segmentTable()), csv, messages, locale);
  }

  private ConsoleTable segmentTable() {
    List<List<?>> rows = new ArrayList<>();
    for (Map<String, Object> s : segments.segments()) {
      rows.add(
          java.util.Arrays.asList(s.get("key"), s.get("name"), s.get("size"), s.get("updatedAt")));
    }
    return ConsoleTable.of(
        "segments",
        List.of("segments.key", "segments.name", "segments.size", "segments.updatedAt"),
        rows);
  }

  // ---- contacts --------------------------------------------------------------------------

  @GetMapping("/console/contacts")
  String contacts(@RequestParam(required = false) String id, Principal user, Model model) {
    model.addAttribute("id", id == null ? "" : id.trim());
    if (!ConsoleModel.canEdit(user)) {
      model.addAttribute("forbidden", true);
      return "console/contacts";
    }
    if (id != null && !id.isBlank()) {
      Optional<Map<String, Object>> profile = contacts.profile(id.trim());
      model.addAttribute("found", profile.isPresent());
      profile.ifPresent(p -> model.addAttribute("tables", contactTables(p)));
      scores.score(id.trim()).ifPresent(s -> model.addAttribute("score", s));
    }
    return "console/contacts";
  }

  @GetMapping(value = "/console/contacts", params = "csv")
  ResponseEntity<byte[]> contactCsv(
      @RequestParam String id, @RequestParam String csv, Principal user, Locale locale) {
    if (!ConsoleModel.canEdit(user)) {
      throw new ApiException(
          org.springframework.http.HttpStatus.FORBIDDEN,
          "contact profiles are for marketing and admins",
          List.of());
    }
    return contacts
        .profile(id.trim())
        .map(p -> ConsoleTable.download(contactTables(p), csv, messages, locale))
        .orElseGet(() -> ResponseEntity.notFound().build());
  }

  private List<ConsoleTable> contactTables(Map<String, Object> p) {
    List<List<?>> profile = new ArrayList<>();
    for (String field :
        List.of(
            "id",
            "email",
            "phone",
            "firstName",
            "lastName",
            "timezone",
            "locale",
            "lifecycleStage",
            "score",
            "tags",
            "attributes",
            "consent",
            "createdAt",
            "updatedAt")) {
      Object value = p.get(field);
      profile.add(
          java.util.Arrays.asList(
              field,
              value instanceof Map || value instanceof List ? Charts.json(json, value) : value));
    }
    List<List<?>> score = new ArrayList<>();
    scores
        .score(String.valueOf(p.get("id")))
        .ifPresent(
            s -> {
              for (Map<String, Object> c : list(s.get("criteria"))) {
                score.add(
                    java.util.Arrays.asList(
                        c.get("criterion"), c.get("dimension"), c.get("points")));
              }
            });
    List<List<?>> events = new ArrayList<>();
    for (Map<String, Object> e : list(p.get("recentEvents"))) {
      events.add(
          java.util.Arrays.asList(
              e.get("occurredAt"), e.get("type"), Charts.json(json, e.get("properties"))));
    }
    List<List<?>> sent = new ArrayList<>();
    for (Map<String, Object> m : list(p.get("recentMessages"))) {
      sent.add(
          java.util.Arrays.asList(
              m.get("createdAt"),
              m.get("channel"),
              m.get("template"),
              m.get("status"),
              m.get("sentAt")));
    }
    List<List<?>> running = new ArrayList<>();
    for (Map<String, Object> j : list(p.get("activeJourneys"))) {
      running.add(java.util.Arrays.asList(j.get("processKey"), j.get("processInstanceId")));
    }
    return List.of(
        ConsoleTable.of("profile", List.of("contact.field", "contact.value"), profile),
        ConsoleTable.of(
            "score", List.of("score.criterion", "score.dimension", "score.points"), score),
        ConsoleTable.of(
            "events",
            List.of("contact.occurredAt", "contact.eventType", "contact.properties"),
            events),
        ConsoleTable.of(
            "messages",
            List.of(
                "contact.createdAt",
                "metric.channel",
                "contact.template",
                "contact.status",
                "contact.sentAt"),
            sent),
        ConsoleTable.of("journeys", List.of("journeys.key", "contact.instance"), running));
  }

  // ---- helpers ---------------------------------------------------------------------------

  /** The 30 UTC days up to {@code today}, as the reports name them (2026-12-02). */
  private static List<String> days(LocalDate today) {
    List<String> days = new ArrayList<>();
    for (int i = 29; i >= 0; i--) {
      days.add(today.minusDays(i).toString());
    }
    return days;
  }

  /**
   * An experiment's status in the page's language: the report's {@code status} ({@code winner},
   * {@code collecting (fewer than 1000 per arm)}, {@code no significant difference}); an unknown
   * one as the API gives it.
   */
  private String status(Map<String, Object> report) {
    String status = String.valueOf(report.get("status"));
    if (status.startsWith("collecting")) {
      Locale locale = org.springframework.context.i18n.LocaleContextHolder.getLocale();
      return messages.getMessage(
          "experiments.status.collecting",
          new Object[] {String.valueOf(report.get("minimumPerArm"))},
          status,
          ConsoleConfiguration.of(locale));
    }
    return switch (status) {
      case "winner" -> msg("experiments.status.winner");
      case "no significant difference" -> msg("experiments.status.noDifference");
      default -> status;
    };
  }

  private String label(String metric) {
    return msg("metric." + metric);
  }

  private String msg(String key) {
    Locale locale = org.springframework.context.i18n.LocaleContextHolder.getLocale();
    return messages.getMessage(key, null, key, ConsoleConfiguration.of(locale));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> list(Object value) {
    return value instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
  }

  static List<String> strings(Object value) {
    return value instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
  }

  static Number number(Object value) {
    return value instanceof Number n ? n : 0;
  }
}
