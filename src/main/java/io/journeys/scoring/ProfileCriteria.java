package io.journeys.scoring;

import io.journeys.contact.ContactFacts.ProfileFacts;
import io.journeys.scoring.ScoreRules.Hit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Profile criteria (rows of event type {@code "profile"}, e.g. 手机号已验证) in the append-only ledger:
 * when a criterion starts to hold, a grant entry; when it stops, a reversing entry with the
 * negative points (sources {@code profile:<criterion>:<n>}, n counting up). So a criterion holds
 * while its number of profile entries is odd.
 */
final class ProfileCriteria {

  private ProfileCriteria() {}

  /** The profile fields rules read: the attributes, plus {@code phone}. */
  static Map<String, Object> fields(ProfileFacts p) {
    Map<String, Object> fields = new HashMap<>(p.attributes());
    fields.put("phone", p.phone());
    return fields;
  }

  static List<LedgerEntry> changes(
      ScoreRules rules, ProfileFacts p, List<LedgerEntry> entries, Instant now) {
    Map<String, Hit> holding = new LinkedHashMap<>();
    rules.scoreProfile(fields(p)).forEach(h -> holding.putIfAbsent(h.criterion(), h));
    Map<String, List<LedgerEntry>> byCriterion = new LinkedHashMap<>();
    for (LedgerEntry e : entries) {
      if (!e.fromEvent()) {
        byCriterion.computeIfAbsent(e.criterion(), k -> new ArrayList<>()).add(e);
      }
    }
    List<LedgerEntry> changes = new ArrayList<>();
    holding.forEach(
        (criterion, hit) -> {
          int n = byCriterion.getOrDefault(criterion, List.of()).size();
          if (n % 2 == 0) {
            changes.add(
                new LedgerEntry(
                    p.id(),
                    rules.version(),
                    criterion,
                    hit.dimension(),
                    hit.points(),
                    hit.validity(),
                    source(criterion, n),
                    now));
          }
        });
    byCriterion.forEach(
        (criterion, list) -> {
          if (!holding.containsKey(criterion) && list.size() % 2 == 1) {
            LedgerEntry grant = list.get(list.size() - 1);
            changes.add(
                new LedgerEntry(
                    p.id(),
                    rules.version(),
                    criterion,
                    grant.dimension(),
                    -grant.points(),
                    Validity.FOREVER,
                    source(criterion, list.size()),
                    now));
          }
        });
    return changes;
  }

  private static String source(String criterion, int n) {
    return LeadScorer.PROFILE_SOURCE + criterion + ":" + n;
  }
}
