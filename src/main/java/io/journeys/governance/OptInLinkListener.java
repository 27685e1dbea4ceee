package io.journeys.governance;

import io.journeys.config.EngineClock;
import io.journeys.config.JourneysProperties;
import io.journeys.contact.ContactDirectory;
import io.journeys.contact.ContactView;
import io.journeys.journey.JourneyConstants;
import io.journeys.journey.JourneyContact;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/**
 * On the start of {@code email-opt-in}: sets {@code confirmUrl}, the signed confirmation link the
 * template {@code opt-in-confirmation} shows ({@code <public URL>/optin/<token>}), bound to the
 * contact's email address of now (the one the confirmation email goes to).
 */
@Component("optInLinkListener")
class OptInLinkListener implements ExecutionListener {

  private final OptInTokens tokens;
  private final ContactDirectory contacts;
  private final String base;

  OptInLinkListener(OptInTokens tokens, ContactDirectory contacts, JourneysProperties properties) {
    this.tokens = tokens;
    this.contacts = contacts;
    String url =
        properties.publicUrl() == null
            ? "http://localhost:8080"
            : properties.publicUrl().toString();
    this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  @Override
  public void notify(DelegateExecution execution) {
    String contactId = JourneyContact.of(execution);
    // a contact without an email address gets no confirmation email (the send rules skip it);
    // its link, bound to no address, could confirm nothing
    String email = contacts.find(contactId).map(ContactView::email).orElse("");
    execution.setVariable(
        JourneyConstants.VAR_CONFIRM_URL,
        base + "/optin/" + tokens.sign(contactId, email, EngineClock.now()));
  }
}
