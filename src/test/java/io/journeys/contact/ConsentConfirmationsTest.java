package io.journeys.contact;

import static io.journeys.contact.ConsentConfirmations.Confirmation.ADDRESS_CHANGED;
import static io.journeys.contact.ConsentConfirmations.Confirmation.CONFIRMED;
import static io.journeys.contact.ConsentConfirmations.Confirmation.NOTHING_PENDING;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Double opt-in on the contact side, on a migrated H2 database. */
class ConsentConfirmationsTest {

  private static final Instant T = Instant.parse("2026-11-23T08:00:00Z");
  private static final Predicate<String> SENT_TO_ANY = email -> true;

  private final List<Object> published = new ArrayList<>();
  private ContactRepository contacts;
  private ConsentRows consent;
  private ConsentConfirmations on;
  private ConsentConfirmations off;

  @BeforeEach
  void setUp() {
    DriverManagerDataSource ds =
        new DriverManagerDataSource(
            "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    Flyway.configure().dataSource(ds).table("journeys_schema_history").load().migrate();
    NamedParameterJdbcTemplate jdbc = new NamedParameterJdbcTemplate(ds);
    contacts = new ContactRepository(jdbc, new ObjectMapper());
    consent = new ConsentRows(jdbc);
    on = new ConsentConfirmations(contacts, consent, jdbc, published::add, true);
    off = new ConsentConfirmations(contacts, consent, jdbc, published::add, false);
    for (String id : List.of("c-1", "c-2", "c-3")) {
      contacts.insert(
          new ContactView(
              id,
              id + "@example.com",
              null,
              null,
              null,
              null,
              "en",
              "subscriber",
              0,
              Map.of(),
              Map.of(),
              Set.of(),
              T,
              T));
    }
  }

  @Test
  void emailConsentGivenWhileDoubleOptInIsOnIsPendingUntilConfirmed() {
    on.put("c-1", "email", true, "api", T);

    assertThat(consent.of("c-1").get("email").granted()).isFalse();
    assertThat(on.pendingSince("c-1", Channel.EMAIL)).contains(T);
    assertThat(published).containsExactly(new ConsentRequested("c-1", Channel.EMAIL, T));

    on.put("c-1", "email", true, "api", T.plusSeconds(60));
    assertThat(published).as("a second grant while pending asks no second time").hasSize(1);

    assertThat(on.confirm("c-1", Channel.EMAIL, SENT_TO_ANY, T.plusSeconds(120)))
        .isEqualTo(CONFIRMED);
    ConsentRows.Consent granted = consent.of("c-1").get("email");
    assertThat(granted.granted()).isTrue();
    assertThat(granted.source()).isEqualTo(ConsentConfirmations.CONFIRMED_SOURCE);
    assertThat(granted.updatedAt()).isEqualTo(T.plusSeconds(120));
    assertThat(on.pendingSince("c-1", Channel.EMAIL)).isEmpty();
    assertThat(on.confirm("c-1", Channel.EMAIL, SENT_TO_ANY, T.plusSeconds(180)))
        .as("once")
        .isEqualTo(NOTHING_PENDING);

    on.put("c-1", "email", true, "import", T.plusSeconds(240));
    assertThat(consent.of("c-1").get("email").source())
        .as("confirmed stays confirmed")
        .isEqualTo(ConsentConfirmations.CONFIRMED_SOURCE);
  }

  @Test
  void aGrantWhileAnOldRequestIsPendingAsksAgain() {
    on.put("c-2", "email", true, "api", T);
    Instant later = T.plus(java.time.Duration.ofDays(8));
    on.put("c-2", "email", true, "api", later);

    assertThat(published)
        .containsExactly(
            new ConsentRequested("c-2", Channel.EMAIL, T),
            new ConsentRequested("c-2", Channel.EMAIL, later));
    assertThat(on.pendingSince("c-2", Channel.EMAIL)).contains(later);
  }

  @Test
  void withdrawingEndsAPendingRequestSoAnOldLinkConfirmsNothing() {
    on.put("c-2", "email", true, "api", T);
    on.put("c-2", "email", false, "api", T.plusSeconds(10));

    assertThat(on.pendingSince("c-2", Channel.EMAIL)).isEmpty();
    assertThat(on.confirm("c-2", Channel.EMAIL, SENT_TO_ANY, T.plusSeconds(20)))
        .isEqualTo(NOTHING_PENDING);
    assertThat(consent.of("c-2").get("email").granted()).isFalse();
  }

  @Test
  void otherChannelsAndDoubleOptInOffGrantAtOnce() {
    on.put("c-3", "sms", true, "api", T);
    off.put("c-3", "email", true, "api", T);

    assertThat(consent.of("c-3").get("sms").granted()).isTrue();
    assertThat(consent.of("c-3").get("email").granted()).isTrue();
    assertThat(off.pendingSince("c-3", Channel.EMAIL)).isEmpty();
    assertThat(published).isEmpty();
  }

  @Test
  void aLinkSentToAnotherAddressConfirmsNothing() {
    on.put("c-1", "email", true, "api", T);

    assertThat(on.confirm("c-1", Channel.EMAIL, "old@example.com"::equals, T.plusSeconds(60)))
        .isEqualTo(ADDRESS_CHANGED);
    assertThat(consent.of("c-1").get("email").granted()).isFalse();
    assertThat(on.pendingSince("c-1", Channel.EMAIL)).as("still pending").contains(T);
    assertThat(on.confirm("c-1", Channel.EMAIL, "c-1@example.com"::equals, T.plusSeconds(90)))
        .isEqualTo(CONFIRMED);
    assertThat(on.confirm("unknown", Channel.EMAIL, SENT_TO_ANY, T.plusSeconds(90)))
        .isEqualTo(NOTHING_PENDING);
  }

  @Test
  void aNewAddressWhilePendingStartsAFreshRequestWhetherDoubleOptInIsOnOrNot() {
    on.put("c-1", "email", true, "api", T);
    Instant changed = T.plusSeconds(60);

    off.addressChanged("c-1", "new@example.com", changed);

    assertThat(on.pendingSince("c-1", Channel.EMAIL)).contains(changed);
    assertThat(published)
        .containsExactly(
            new ConsentRequested("c-1", Channel.EMAIL, T),
            new ConsentRequested("c-1", Channel.EMAIL, changed, true));
    on.put("c-1", "email", true, "api", changed);
    assertThat(published).as("the grant in the same update asks no third time").hasSize(2);
    assertThat(consent.of("c-1").get("email").granted()).isFalse();
  }

  @Test
  void anAddressChangeWithoutARequestPendingOrToNoAddressAsksNothing() {
    on.put("c-2", "email", true, "api", T);
    off.addressChanged("c-3", "new@example.com", T);

    on.addressChanged("c-2", null, T.plusSeconds(60));

    assertThat(published).containsExactly(new ConsentRequested("c-2", Channel.EMAIL, T));
    assertThat(on.pendingSince("c-2", Channel.EMAIL)).as("no address: the request ends").isEmpty();
    assertThat(on.pendingSince("c-3", Channel.EMAIL)).isEmpty();
    assertThat(consent.of("c-2").get("email").granted()).isFalse();
  }
}
