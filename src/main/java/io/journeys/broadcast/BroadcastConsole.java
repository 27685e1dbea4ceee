package io.journeys.broadcast;

import io.journeys.web.ConsolePage;
import io.journeys.web.ConsolePage.Lang;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code /console/broadcasts}: the latest broadcasts with their timing, status and progress.
 * Read-only; broadcasts are scheduled and cancelled through {@code /api/broadcasts}.
 */
@Controller
class BroadcastConsole {

  static final String PATH = "/console/broadcasts";

  private final BroadcastService broadcasts;

  BroadcastConsole(BroadcastService broadcasts) {
    this.broadcasts = broadcasts;
  }

  @GetMapping(PATH)
  ResponseEntity<String> page(HttpServletRequest request) {
    Lang lang = Lang.of(request);
    var latest = broadcasts.latest();
    if (latest.isEmpty()) {
      return ConsolePage.render(
          lang,
          PATH,
          "broadcasts.title",
          "<p class=\"empty\">" + lang.label("broadcasts.none") + "</p>");
    }
    StringBuilder body = new StringBuilder("<table><thead><tr>");
    for (String column :
        new String[] {"name", "channel", "template", "when", "status", "recipients", "delivered"}) {
      body.append("<th>").append(lang.label("broadcasts." + column)).append("</th>");
    }
    body.append("</tr></thead><tbody>");
    for (BroadcastView b : latest) {
      body.append("<tr><td>")
          .append(ConsolePage.text(b.name()))
          .append("</td><td>")
          .append(ConsolePage.text(b.channel()))
          .append("</td><td>")
          .append(ConsolePage.text(b.template()))
          .append("</td><td>")
          .append(b.date())
          .append(' ')
          .append(b.time())
          .append(' ')
          .append(
              b.localTime() ? lang.label("broadcasts.localTime") : ConsolePage.text(b.timezone()))
          .append(b.batchSize() == null ? "" : " (" + b.batchSize() + " / day)")
          .append("</td><td>")
          .append(b.status())
          .append("</td><td class=\"n\">")
          .append(b.recipients())
          .append("</td><td class=\"n\">")
          .append(b.deliveriesCompleted())
          .append("</td></tr>");
    }
    body.append("</tbody></table>");
    return ConsolePage.render(lang, PATH, "broadcasts.title", body.toString());
  }
}
