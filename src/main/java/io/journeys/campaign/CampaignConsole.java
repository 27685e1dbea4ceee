package io.journeys.campaign;

import io.journeys.web.ConsolePage;
import io.journeys.web.ConsolePage.Lang;
import jakarta.servlet.http.HttpServletRequest;
import java.math.BigDecimal;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code /console/campaigns}: every campaign with its budget and results (cost, revenue,
 * conversions, ROI, CPA, KPI targets met), "no data yet" where a figure is undefined. Read-only;
 * campaigns are edited through {@code /api/campaigns}.
 */
@Controller
class CampaignConsole {

  static final String PATH = "/console/campaigns";

  private final CampaignStore store;
  private final CampaignFigures figures;

  CampaignConsole(CampaignStore store, CampaignFigures figures) {
    this.store = store;
    this.figures = figures;
  }

  @GetMapping(PATH)
  ResponseEntity<String> page(HttpServletRequest request) {
    Lang lang = Lang.of(request);
    StringBuilder body = new StringBuilder();
    var campaigns = store.all();
    if (campaigns.isEmpty()) {
      body.append("<p class=\"empty\">").append(lang.label("campaigns.none")).append("</p>");
      return ConsolePage.render(lang, PATH, "campaigns.title", body.toString());
    }
    body.append("<table><thead><tr>");
    for (String column :
        new String[] {
          "name",
          "period",
          "owner",
          "budget",
          "cost",
          "revenue",
          "conversions",
          "roi",
          "cpa",
          "kpis"
        }) {
      body.append("<th>").append(lang.label("campaigns." + column)).append("</th>");
    }
    body.append("</tr></thead><tbody>");
    for (Campaign c : campaigns) {
      CampaignResults r = figures.results(c);
      long met = r.kpis().stream().filter(k -> Boolean.TRUE.equals(k.met())).count();
      body.append("<tr><td>")
          .append(ConsolePage.text(c.name()))
          .append("</td><td>")
          .append(c.startsOn())
          .append(" – ")
          .append(c.endsOn())
          .append("</td><td>")
          .append(ConsolePage.text(c.owner()))
          .append("</td>")
          .append(number(lang, c.budget(), c.currency()))
          .append(number(lang, r.cost(), c.currency()))
          .append(number(lang, r.revenue(), c.currency()))
          .append("<td class=\"n\">")
          .append(r.conversions())
          .append("</td>")
          .append(number(lang, r.roi(), null))
          .append(number(lang, r.cpa(), c.currency()))
          .append("<td class=\"n\">")
          .append(r.kpis().isEmpty() ? "" : met + " / " + r.kpis().size())
          .append("</td></tr>");
    }
    body.append("</tbody></table>");
    return ConsolePage.render(lang, PATH, "campaigns.title", body.toString());
  }

  private static String number(Lang lang, BigDecimal value, String currency) {
    return value == null
        ? "<td class=\"n empty\">" + lang.label("noData") + "</td>"
        : "<td class=\"n\">"
            + value.toPlainString()
            + (currency == null ? "" : " " + ConsolePage.text(currency))
            + "</td>";
  }
}
