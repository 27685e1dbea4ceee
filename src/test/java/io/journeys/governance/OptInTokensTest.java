package io.journeys.governance;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.config.JourneysProperties;
import io.journeys.journey.JourneyConstants;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.Test;

class OptInTokensTest {

  private static final Instant T = Instant.parse("2026-11-23T08:00:00Z");
  private final OptInTokens tokens =
      new OptInTokens(() -> "key-1".getBytes(StandardCharsets.UTF_8), Duration.ofDays(7));

  @Test
  void aTokenNamesItsContactUntilItExpires() {
    String token = tokens.sign("c-1001@shop", T);

    assertThat(token).matches("[A-Za-z0-9_-]+");
    assertThat(tokens.verify(token, T.plus(Duration.ofDays(7)).minusSeconds(1)))
        .hasValueSatisfying(claim -> {
          assertThat(claim.contactId()).isEqualTo("c-1001@shop");
          assertThat(claim.expires()).isEqualTo(T.plus(Duration.ofDays(7)));
        });
    assertThat(tokens.verify(token, T.plus(Duration.ofDays(7)))).isEmpty();
  }

  @Test
  void tamperedForeignOrMalformedTokensAreRefused() {
    String token = tokens.sign("c-1", T);
    char last = token.charAt(token.length() - 2);
    String tampered = token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A')
        + token.charAt(token.length() - 1);
    OptInTokens otherKey =
        new OptInTokens(() -> "key-2".getBytes(StandardCharsets.UTF_8), Duration.ofDays(7));

    assertThat(tokens.verify(tampered, T)).isEmpty();
    assertThat(otherKey.verify(token, T)).isEmpty();
    assertThat(tokens.verify("not a token", T)).isEmpty();
    assertThat(tokens.verify("", T)).isEmpty();
    assertThat(tokens.verify(null, T)).isEmpty();
    assertThat(tokens.verify(token + "=", T)).isEmpty();
  }

  @Test
  void theListenerSetsASignedLinkUnderThePublicUrl() {
    ClockUtil.setCurrentTime(Date.from(T));
    try {
      OptInLinkListener listener = new OptInLinkListener(tokens, new JourneysProperties(
          URI.create("https://journeys.example/"), null, null, null, null));
      Map<String, Object> variables = new HashMap<>(Map.of(JourneyConstants.VAR_CONTACT_ID, "c-7"));
      listener.notify(execution(variables));

      String url = (String) variables.get(JourneyConstants.VAR_CONFIRM_URL);
      assertThat(url).startsWith("https://journeys.example/optin/");
      assertThat(tokens.verify(url.substring(url.lastIndexOf('/') + 1), T))
          .hasValueSatisfying(claim -> assertThat(claim.contactId()).isEqualTo("c-7"));
    } finally {
      ClockUtil.reset();
    }
  }

  /** A {@link org.camunda.bpm.engine.delegate.DelegateExecution} over a map of variables. */
  private static org.camunda.bpm.engine.delegate.DelegateExecution execution(
      Map<String, Object> variables) {
    return (org.camunda.bpm.engine.delegate.DelegateExecution) java.lang.reflect.Proxy
        .newProxyInstance(OptInTokensTest.class.getClassLoader(),
            new Class<?>[] {org.camunda.bpm.engine.delegate.DelegateExecution.class},
            (proxy, method, args) -> switch (method.getName()) {
              case "getVariable" -> variables.get((String) args[0]);
              case "setVariable" -> variables.put((String) args[0], args[1]);
              default -> throw new UnsupportedOperationException(method.getName());
            });
  }
}
