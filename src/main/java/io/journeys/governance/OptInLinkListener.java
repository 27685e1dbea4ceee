package io.journeys.governance;

import io.journeys.config.JourneysProperties;
import io.journeys.journey.JourneyConstants;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;

/**
 * On the start of {@code email-opt-in}: sets {@code confirmUrl}, the signed confirmation link the
 * template {@code opt-in-confirmation} shows ({@code <public URL>/optin/<token>}).
 */
@Component("optInLinkListener")
class OptInLinkListener implements ExecutionListener {

  private final OptInTokens tokens;
  private final String base;

  OptInLinkListener(OptInTokens tokens, JourneysProperties properties) {
    this.tokens = tokens;
    String url = properties.publicUrl() == null ? "http://localhost:8080"
        : properties.publicUrl().toString();
    this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  @Override
  public void notify(DelegateExecution execution) {
    String contactId = (String) execution.getVariable(JourneyConstants.VAR_CONTACT_ID);
    execution.setVariable(JourneyConstants.VAR_CONFIRM_URL,
        base + "/optin/" + tokens.sign(contactId, ClockUtil.getCurrentTime().toInstant()));
  }
}
