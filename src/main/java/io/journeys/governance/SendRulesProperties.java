package io.journeys.governance;

import io.journeys.contact.Channel;
import java.time.Duration;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The send rules' settings ({@code journeys.send-rules.*}); docs/send-rules.md lists them.
 *
 * @param caps frequency caps per channel ({@code email}, {@code sms}, ... or {@code all} for every
 *     channel together): a comma-separated list of {@code <limit>/<ISO-8601 duration>}, each
 *     optionally for contacts with a tag ({@code 3/P3D tag=new-member})
 * @param quietHours when nothing is sent, in the contact's timezone
 * @param reentryWindow a contact enters the same journey at most once in this window
 * @param fallback channel fallback after ignored emails
 * @param hooks provider callbacks ({@code POST /hooks/{provider}})
 */
@ConfigurationProperties("journeys.send-rules")
record SendRulesProperties(
    Map<String, String> caps,
    QuietHours quietHours,
    Duration reentryWindow,
    Fallback fallback,
    Hooks hooks) {

  static final Map<String, String> DEFAULT_CAPS =
      Map.of("all", "2/P1D, 3/P3D tag=new-member, 2/P30D tag=vip");

  SendRulesProperties {
    caps = caps == null ? DEFAULT_CAPS : new LinkedHashMap<>(caps);
    quietHours = quietHours == null ? new QuietHours(null, null, null, null) : quietHours;
    reentryWindow = reentryWindow == null ? Duration.ofDays(1) : reentryWindow;
    fallback = fallback == null ? new Fallback(null, null) : fallback;
    hooks = hooks == null ? new Hooks(null) : hooks;
  }

  /** Every cap, parsed. */
  List<FrequencyCap> frequencyCaps() {
    return caps.entrySet().stream()
        .flatMap(e -> FrequencyCap.parseAll(e.getKey(), e.getValue()).stream())
        .toList();
  }

  /**
   * Quiet hours: from {@code start} to {@code end} local time nothing is sent; a message due then
   * is deferred to {@code end}.
   *
   * @param defaultTimezone for contacts without a timezone; blank: such contacts have no quiet
   *     hours (their local time is unknown)
   */
  record QuietHours(Boolean enabled, LocalTime start, LocalTime end, String defaultTimezone) {
    QuietHours {
      enabled = enabled == null || enabled;
      start = start == null ? LocalTime.of(21, 0) : start;
      end = end == null ? LocalTime.of(8, 0) : end;
    }
  }

  /**
   * @param ignoredEmails after this many consecutive emails without an open or click, the next
   *     email goes by SMS when the contact has SMS consent and a phone; 0 turns fallback off
   * @param channel the channel of the fallback (its wire name in the configuration; start-up fails
   *     on an unknown one), SMS unless set
   */
  record Fallback(Integer ignoredEmails, Channel channel) {
    Fallback {
      ignoredEmails = ignoredEmails == null ? 3 : ignoredEmails;
      channel = channel == null ? Channel.SMS : channel;
    }
  }

  /**
   * @param maxSkew how far a callback's timestamp may be from now (replays are refused within it)
   */
  record Hooks(Duration maxSkew) {
    Hooks {
      maxSkew = maxSkew == null ? Duration.ofMinutes(5) : maxSkew;
    }
  }
}
