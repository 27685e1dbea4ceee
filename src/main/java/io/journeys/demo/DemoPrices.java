package io.journeys.demo;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.Profiles;

/**
 * Demo prices (docs/demo.md): with the demo activity on ({@code embedded} profile and {@code
 * journeys.demo.activity=true}) the sandbox sends are priced, so that the console shows cost, cost
 * per conversion (CPA) and ROI on a newcomer's first look: analytics' {@code
 * journeys.analytics.cost-per-message.*} and the campaigns' {@code
 * journeys.campaigns.price-sandbox} (the demo campaign's own unit costs then apply to its sandbox
 * sends). The figures are examples, not anyone's tariff. They are the last property source, so any
 * configured value wins; without the demo nothing is added and sandbox sends stay unpriced.
 */
class DemoPrices implements EnvironmentPostProcessor, Ordered {

  static final String SOURCE = "journeysDemoPrices";

  /** Per message, in the demo campaign's currency (CNY): the demo campaign's unit costs. */
  static final Map<String, Object> PRICES =
      Map.of(
          "journeys.analytics.cost-per-message.email", "0.03",
          "journeys.analytics.cost-per-message.sms", "0.05",
          "journeys.analytics.cost-per-message.wecom", "0.10",
          "journeys.analytics.cost-per-message.push", "0.01",
          "journeys.campaigns.price-sandbox", "true");

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
    if (env.acceptsProfiles(Profiles.of("embedded"))
        && env.getProperty("journeys.demo.activity", Boolean.class, false)) {
      env.getPropertySources().addLast(new MapPropertySource(SOURCE, PRICES));
    }
  }

  @Override
  public int getOrder() {
    // after ConfigDataEnvironmentPostProcessor has read application-embedded.yaml
    return Ordered.LOWEST_PRECEDENCE;
  }
}
