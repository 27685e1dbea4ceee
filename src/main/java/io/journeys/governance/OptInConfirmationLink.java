package io.journeys.governance;

import io.journeys.channel.TemplateLinks;
import io.journeys.config.EngineClock;
import io.journeys.config.JourneysProperties;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The signed confirmation link of the double opt-in email, {@value #CONFIRM_URL} in the template
 * {@value #TEMPLATE} ({@code <public URL>/optin/<token>}), bound to the address the email goes to.
 * Computed when the email is rendered, never kept in a process variable: engine history would hold
 * it, and whoever reads it could confirm someone else's consent (docs/hardening.md, finding 7).
 */
@Component
class OptInConfirmationLink implements TemplateLinks {

  static final String TEMPLATE = "opt-in-confirmation";
  static final String CONFIRM_URL = "confirmUrl";

  private final OptInTokens tokens;
  private final String base;

  OptInConfirmationLink(OptInTokens tokens, JourneysProperties properties) {
    this.tokens = tokens;
    String url =
        properties.publicUrl() == null
            ? "http://localhost:8080"
            : properties.publicUrl().toString();
    this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  @Override
  public Map<String, Object> linksFor(String template, String contactId, String email) {
    if (!TEMPLATE.equals(template)) {
      return Map.of();
    }
    // a contact without an email address gets no confirmation email (the send rules skip it);
    // a link bound to no address could confirm nothing
    return Map.of(
        CONFIRM_URL,
        base + "/optin/" + tokens.sign(contactId, email == null ? "" : email, EngineClock.now()));
  }
}
