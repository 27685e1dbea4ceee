package io.journeys.campaign;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeys.console.ConsoleModel;
import io.journeys.console.ConsolePage;
import io.journeys.console.ConsoleTable;
import io.journeys.console.ConsoleTable.Cell;
import io.journeys.web.ApiException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /console/campaigns}: every campaign with its budget and results (cost, revenue,
 * conversions, ROI, CPA, KPI targets met; "no data yet" where a figure is undefined), and for
 * marketing and admins a form to create and edit one. The form goes through the same validation and
 * storage as {@code POST/PUT /api/campaigns} ({@link CampaignController}).
 */
@Controller
@ConsolePage
class CampaignConsole {

  static final String PATH = "/console/campaigns";
  private static final List<String> TEXT =
      List.of("name", "startsOn", "endsOn", "timezone", "owner", "goal", "currency");
  private static final List<String> COSTS =
      List.of("smsPerMessage", "emailPerThousand", "wecomPerMessage", "pushPerMessage");

  private final CampaignStore store;
  private final CampaignFigures figures;
  private final CampaignController api;
  private final MessageSource messages;
  private final ObjectMapper json;

  CampaignConsole(
      CampaignStore store,
      CampaignFigures figures,
      CampaignController api,
      MessageSource messages,
      ObjectMapper json) {
    this.store = store;
    this.figures = figures;
    this.api = api;
    this.messages = messages;
    this.json = json;
  }

  @GetMapping(PATH)
  String page(Model model, Principal user) {
    model.addAttribute("tables", List.of(table(ConsoleModel.canEdit(user))));
    model.addAttribute("sandboxPriced", figures.pricesSandbox());
    return "console/campaigns";
  }

  @GetMapping(value = PATH, params = "csv")
  ResponseEntity<byte[]> csv(@RequestParam String csv, Locale locale) {
    return ConsoleTable.download(List.of(table(false)), csv, messages, locale);
  }

  @GetMapping(PATH + "/new")
  String create(Model model, Principal user) {
    editor(user);
    model.addAttribute("form", form(null));
    model.addAttribute("action", PATH);
    return "console/campaign-form";
  }

  @GetMapping(PATH + "/{id}/edit")
  String edit(@PathVariable String id, Model model, Principal user) {
    editor(user);
    Campaign campaign = api.get(id);
    model.addAttribute("form", form(campaign));
    model.addAttribute("action", PATH + "/" + id);
    return "console/campaign-form";
  }

  @PostMapping(PATH)
  String created(@RequestParam Map<String, String> fields, Principal user, Model model) {
    return save(fields, model, PATH, body -> api.create(body, user));
  }

  @PostMapping(PATH + "/{id}")
  String updated(@PathVariable String id, @RequestParam Map<String, String> fields, Model model) {
    api.get(id);
    return save(fields, model, PATH + "/" + id, body -> api.replace(id, body));
  }

  private String save(
      Map<String, String> fields,
      Model model,
      String action,
      java.util.function.Consumer<Campaign> store) {
    List<Object> problems = new ArrayList<>();
    Campaign body = null;
    try {
      body = json.convertValue(body(fields, problems), Campaign.class);
    } catch (IllegalArgumentException e) {
      problems.add(Map.of("reason", "a field has the wrong form: " + rootMessage(e)));
    }
    if (problems.isEmpty()) {
      try {
        store.accept(body);
        return "redirect:" + PATH;
      } catch (ApiException e) {
        problems.addAll(
            e.details().isEmpty() ? List.of(Map.of("reason", e.getMessage())) : e.details());
      }
    }
    model.addAttribute("form", fields);
    model.addAttribute("action", action);
    model.addAttribute("problems", problems);
    return "console/campaign-form";
  }

  /** The JSON body of {@code POST /api/campaigns} from the form's fields. */
  private Map<String, Object> body(Map<String, String> fields, List<Object> problems) {
    Map<String, Object> body = new LinkedHashMap<>();
    for (String f : TEXT) {
      body.put(f, blankToNull(fields.get(f)));
    }
    body.put("audienceSize", blankToNull(fields.get("audienceSize")));
    body.put("budget", blankToNull(fields.get("budget")));
    body.put("journeys", keys(fields.get("journeys")));
    body.put("segments", keys(fields.get("segments")));
    Map<String, Object> costs = new LinkedHashMap<>();
    for (String f : COSTS) {
      costs.put(f, blankToNull(fields.get(f)));
    }
    body.put("unitCosts", costs);
    body.put("kpiTargets", jsonList("kpiTargets", fields.get("kpiTargets"), problems));
    body.put("phases", jsonList("phases", fields.get("phases"), problems));
    return body;
  }

  private Object jsonList(String field, String text, List<Object> problems) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    try {
      JsonNode node = json.readTree(text);
      if (!node.isArray()) {
        throw new IllegalArgumentException();
      }
      return json.convertValue(node, new TypeReference<List<Object>>() {});
    } catch (Exception e) {
      problems.add(Map.of("field", field, "reason", "a JSON list [ … ]"));
      return List.of();
    }
  }

  /** The form's fields for {@code campaign} (empty for a new one). */
  private Map<String, String> form(Campaign c) {
    Map<String, String> form = new LinkedHashMap<>();
    if (c == null) {
      form.put("timezone", "Asia/Shanghai");
      form.put("currency", "CNY");
      return form;
    }
    Map<String, Object> doc = json.convertValue(c, new TypeReference<Map<String, Object>>() {});
    for (String f : TEXT) {
      form.put(f, doc.get(f) == null ? "" : doc.get(f).toString());
    }
    form.put("audienceSize", c.audienceSize() == null ? "" : c.audienceSize().toString());
    form.put("budget", c.budget() == null ? "" : c.budget().toPlainString());
    form.put("journeys", String.join(", ", c.journeys() == null ? List.of() : c.journeys()));
    form.put("segments", String.join(", ", c.segments() == null ? List.of() : c.segments()));
    Map<?, ?> costs = (Map<?, ?>) doc.getOrDefault("unitCosts", Map.of());
    for (String f : COSTS) {
      Object v = costs == null ? null : costs.get(f);
      form.put(f, v == null ? "" : v.toString());
    }
    try {
      form.put("kpiTargets", json.writeValueAsString(doc.get("kpiTargets")));
      form.put(
          "phases", json.writerWithDefaultPrettyPrinter().writeValueAsString(doc.get("phases")));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return form;
  }

  /** The forms are for editors; viewers get 403 (their POST is refused by the security chain). */
  private static void editor(Principal user) {
    if (!ConsoleModel.canEdit(user)) {
      throw new ApiException(HttpStatus.FORBIDDEN, "only marketing and admins edit", List.of());
    }
  }

  private ConsoleTable table(boolean canEdit) {
    List<List<?>> rows = new ArrayList<>();
    for (Campaign c : store.all()) {
      CampaignResults r = figures.results(c);
      long met = r.kpis().stream().filter(k -> Boolean.TRUE.equals(k.met())).count();
      rows.add(
          Arrays.asList(
              canEdit ? Cell.link(c.name(), PATH + "/" + c.id() + "/edit") : c.name(),
              c.startsOn() + " – " + c.endsOn(),
              c.owner(),
              c.budget(),
              r.cost(),
              r.revenue(),
              r.conversions(),
              Cell.percent(r.conversionRate()),
              r.roi(),
              r.cpa(),
              c.currency(),
              r.kpis().isEmpty() ? null : met + " / " + r.kpis().size()));
    }
    return ConsoleTable.of(
        "campaigns",
        List.of(
            "campaigns.name",
            "campaigns.period",
            "campaigns.owner",
            "campaigns.budget",
            "campaigns.cost",
            "campaigns.revenue",
            "campaigns.conversions",
            "metric.conversionRate",
            "campaigns.roi",
            "campaigns.cpa",
            "campaigns.currency",
            "campaigns.kpis"),
        rows);
  }

  private static List<String> keys(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    return Arrays.stream(text.split("[,，\\s]+")).filter(s -> !s.isBlank()).toList();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? "" : t.getMessage();
    int cut = m.indexOf('\n');
    return cut < 0 ? m : m.substring(0, cut);
  }
}
