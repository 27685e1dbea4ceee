package io.journeys.campaign;

import io.journeys.web.ApiException;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Checks a campaign body and answers 400 with every problem at once. Linked journeys must be
 * deployed process keys ({@code journeyExists}); segment keys are checked for their shape only.
 */
final class CampaignValidator {

  static final Pattern PROCESS_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,254}");
  static final Pattern SEGMENT_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
  static final int LONGEST_PERIOD_DAYS = 731;

  private final Predicate<String> journeyExists;
  private final List<Map<String, String>> problems = new ArrayList<>();

  private CampaignValidator(Predicate<String> journeyExists) {
    this.journeyExists = journeyExists;
  }

  static void check(Campaign c, Predicate<String> journeyExists) {
    CampaignValidator v = new CampaignValidator(journeyExists);
    v.campaign(c);
    if (!v.problems.isEmpty()) {
      throw ApiException.badRequest("invalid campaign", v.problems);
    }
  }

  private void campaign(Campaign c) {
    text("name", c.name(), 200, true);
    text("owner", c.owner(), 200, false);
    text("goal", c.goal(), 1000, false);
    if (c.startsOn() == null) {
      problem("startsOn", "required, a date (2026-10-01)");
    }
    if (c.endsOn() == null) {
      problem("endsOn", "required, a date (2026-10-31); the period includes it");
    }
    if (c.startsOn() != null && c.endsOn() != null) {
      if (c.endsOn().isBefore(c.startsOn())) {
        problem("endsOn", "must not be before startsOn");
      } else if (ChronoUnit.DAYS.between(c.startsOn(), c.endsOn()) >= LONGEST_PERIOD_DAYS) {
        problem("endsOn", "a period of at most " + LONGEST_PERIOD_DAYS + " days");
      }
    }
    if (c.timezone() != null) {
      try {
        ZoneId.of(c.timezone());
      } catch (DateTimeException e) {
        problem("timezone", "an IANA time zone, e.g. Asia/Shanghai");
      }
    }
    if (c.audienceSize() != null && c.audienceSize() < 0) {
      problem("audienceSize", "must not be negative");
    }
    amount("budget", c.budget());
    if (c.currency() != null && !CURRENCY.matcher(c.currency()).matches()) {
      problem("currency", "an ISO 4217 code, e.g. CNY");
    }
    kpis(c.kpiTargets());
    phases(c);
    keys("journeys", c.journeys(), PROCESS_KEY, 50);
    if (c.journeys() != null) {
      c.journeys().stream()
          .filter(Objects::nonNull)
          .filter(k -> PROCESS_KEY.matcher(k).matches() && !journeyExists.test(k))
          .forEach(k -> problem("journeys", "no journey (process key) '" + k + "' is deployed"));
    }
    keys("segments", c.segments(), SEGMENT_KEY, 50);
    if (c.unitCosts() != null) {
      amount("unitCosts.smsPerMessage", c.unitCosts().smsPerMessage());
      amount("unitCosts.emailPerThousand", c.unitCosts().emailPerThousand());
      amount("unitCosts.wecomPerMessage", c.unitCosts().wecomPerMessage());
      amount("unitCosts.pushPerMessage", c.unitCosts().pushPerMessage());
    }
  }

  private void kpis(List<Campaign.KpiTarget> kpis) {
    if (kpis == null) {
      return;
    }
    if (kpis.size() > 20) {
      problem("kpiTargets", "at most 20");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < kpis.size(); i++) {
      Campaign.KpiTarget kpi = kpis.get(i);
      String field = "kpiTargets[" + i + "]";
      if (kpi == null || Metric.of(kpi.metric()) == null) {
        problem(field + ".metric", "one of " + Metric.names());
      } else if (!seen.add(kpi.metric())) {
        problem(field + ".metric", "a second target for " + kpi.metric());
      }
      if (kpi != null && kpi.target() == null) {
        problem(field + ".target", "required, a number");
      }
    }
  }

  private void phases(Campaign c) {
    List<Campaign.Phase> phases = c.phases();
    if (phases == null) {
      return;
    }
    if (phases.size() > 20) {
      problem("phases", "at most 20");
    }
    BigDecimal planned = BigDecimal.ZERO;
    for (int i = 0; i < phases.size(); i++) {
      Campaign.Phase p = phases.get(i);
      String field = "phases[" + i + "]";
      if (p == null) {
        problem(field, "a phase object");
        continue;
      }
      text(field + ".name", p.name(), 100, true);
      text(field + ".owner", p.owner(), 200, false);
      text(field + ".actions", p.actions(), 2000, false);
      if (p.startsOn() != null && p.endsOn() != null && p.endsOn().isBefore(p.startsOn())) {
        problem(field + ".endsOn", "must not be before startsOn");
      }
      if (p.channels() != null) {
        if (p.channels().size() > 10) {
          problem(field + ".channels", "at most 10");
        }
        for (String channel : p.channels()) {
          if (channel == null || channel.isBlank() || channel.length() > 50) {
            problem(field + ".channels", "names of 1 to 50 characters");
            break;
          }
        }
      }
      List<Campaign.Material> materials = p.materials() == null ? List.of() : p.materials();
      if (materials.size() > 50) {
        problem(field + ".materials", "at most 50");
      }
      for (int m = 0; m < materials.size(); m++) {
        Campaign.Material material = materials.get(m);
        text(
            field + ".materials[" + m + "].name",
            material == null ? null : material.name(),
            200,
            true);
      }
      amount(field + ".budget", p.budget());
      if (p.budget() != null && p.budget().signum() >= 0) {
        planned = planned.add(p.budget());
      }
    }
    if (c.budget() != null && planned.compareTo(c.budget()) > 0) {
      problem(
          "phases",
          "the phases' budgets ("
              + planned.toPlainString()
              + ") exceed the campaign's budget ("
              + c.budget().toPlainString()
              + ")");
    }
  }

  private void keys(String field, List<String> keys, Pattern shape, int max) {
    if (keys == null) {
      return;
    }
    if (keys.size() > max) {
      problem(field, "at most " + max);
    }
    if (new HashSet<>(keys).size() != keys.size()) {
      problem(field, "each key once");
    }
    keys.stream()
        .filter(k -> k == null || !shape.matcher(k).matches())
        .forEach(k -> problem(field, "'" + k + "' is no key (letters, digits, . _ -)"));
  }

  private void text(String field, String value, int max, boolean required) {
    if (value == null || value.isBlank()) {
      if (required) {
        problem(field, "required");
      }
    } else if (value.length() > max) {
      problem(field, "at most " + max + " characters");
    }
  }

  private void amount(String field, BigDecimal value) {
    if (value != null && value.signum() < 0) {
      problem(field, "must not be negative");
    }
  }

  private void problem(String field, String reason) {
    problems.add(Map.of("field", field, "reason", reason));
  }
}
