package io.journeys.scoring;

import io.journeys.scoring.TagRules.TagRule;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What changes in a contact's rule-driven tags, from the rows that hold now (rule order) and the
 * tags it has: the first holding row of an exclusive group wins and the others lose (removed, with
 * the reason); a tag whose row stops holding goes, unless its row says "keep until replaced" and no
 * row of its group holds. Tags not in the table (journey steps, API) are never touched.
 */
record TagDecision(Set<String> add, Map<String, String> remove, String lifecycleStage) {

  static final String LIFECYCLE = "lifecycle";

  static TagDecision decide(
      List<TagRule> holding,
      Set<String> current,
      Set<String> ruleManaged,
      Map<String, TagRule> catalogue) {
    Map<String, String> winnerOf = new LinkedHashMap<>();
    Set<String> desired = new LinkedHashSet<>();
    Map<String, String> lost = new LinkedHashMap<>();
    for (TagRule r : holding) {
      if (r.group() == null || r.group().isBlank()) {
        desired.add(r.tag());
      } else if (!winnerOf.containsKey(r.group())) {
        winnerOf.put(r.group(), r.tag());
        desired.add(r.tag());
      } else if (!r.tag().equals(winnerOf.get(r.group()))) {
        lost.put(
            r.tag(), "exclusive group " + r.group() + ": " + winnerOf.get(r.group()) + " wins");
      }
    }
    for (String tag : ruleManaged) {
      TagRule r = catalogue.get(tag);
      if (r != null
          && r.keep()
          && r.group() != null
          && !winnerOf.containsKey(r.group())
          && current.contains(tag)) {
        desired.add(tag); // kept until another tag of its group holds
        winnerOf.put(r.group(), tag);
      }
    }
    Set<String> add = new LinkedHashSet<>(desired);
    add.removeAll(current);
    Map<String, String> remove = new LinkedHashMap<>();
    for (String tag : ruleManaged) {
      if (current.contains(tag) && !desired.contains(tag)) {
        TagRule r = catalogue.get(tag);
        String reason = lost.get(tag);
        if (reason == null && r != null && r.group() != null && winnerOf.containsKey(r.group())) {
          reason = "exclusive group " + r.group() + ": " + winnerOf.get(r.group()) + " wins";
        }
        remove.put(
            tag,
            reason != null
                ? reason
                : r == null ? "no longer in the tag rules" : "rule no longer holds");
      }
    }
    String stage = null;
    String lifecycleWinner = winnerOf.get(LIFECYCLE);
    if (lifecycleWinner != null) {
      stage = lifecycleWinner;
    }
    return new TagDecision(add, remove, stage);
  }
}
