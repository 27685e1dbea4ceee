package io.journeys.governance;

import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;

/**
 * The shared secret of each channel provider that posts callbacks to {@code /hooks/{provider}}:
 * {@code journeys.hooks.<provider>.secret}, from the environment as {@code
 * JOURNEYS_HOOKS_<PROVIDER>_SECRET}. A provider without a secret is refused.
 */
@ConfigurationProperties("journeys")
record HookSecrets(Map<String, Provider> hooks) {

  HookSecrets {
    hooks = hooks == null ? Map.of() : Map.copyOf(hooks);
  }

  record Provider(String secret) {}

  Optional<String> secret(String provider) {
    Provider p = hooks.get(provider);
    return p == null || !StringUtils.hasText(p.secret())
        ? Optional.empty()
        : Optional.of(p.secret());
  }
}
