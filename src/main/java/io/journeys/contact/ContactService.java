package io.journeys.contact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.journeys.config.EngineClock;
import io.journeys.contact.ConsentRows.Consent;
import io.journeys.contact.ContactInput.ConsentInput;
import io.journeys.contact.ContactProfile.ActiveJourney;
import io.journeys.contact.ContactProfile.ConsentState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Contact profiles: create or update, read, tag. The contact feature's {@link ContactDirectory}.
 */
@Service
class ContactService implements ContactDirectory {

  static final String INITIAL_STAGE = "subscriber";
  static final int RECENT_EVENTS = 20;
  private static final Pattern ID = Pattern.compile("^[A-Za-z0-9._:@+\\-]{1,100}$");

  private final ContactRepository contacts;
  private final ConsentRows consent;
  private final TagRows tags;
  private final Suppressions suppressions;
  private final RuntimeService runtime;
  private final RepositoryService repository;
  private final ConsentConfirmations confirmations;
  private final RecentEvents events;
  private final RecentMessages messages;

  private final List<ProfileSection> sections;
  private final ApplicationEventPublisher publisher;

  ContactService(
      ContactRepository contacts,
      ConsentRows consent,
      TagRows tags,
      Suppressions suppressions,
      RuntimeService runtime,
      RepositoryService repository,
      ConsentConfirmations confirmations,
      RecentEvents events,
      RecentMessages messages,
      List<ProfileSection> sections,
      ApplicationEventPublisher publisher) {
    this.sections = List.copyOf(sections);
    this.publisher = publisher;
    this.contacts = contacts;
    this.consent = consent;
    this.tags = tags;
    this.suppressions = suppressions;
    this.runtime = runtime;
    this.repository = repository;
    this.confirmations = confirmations;
    this.events = events;
    this.messages = messages;
  }

  static boolean validId(String id) {
    return id != null && ID.matcher(id).matches();
  }

  /** {@link InvalidContactId} unless {@link #validId}. */
  static void checkId(String id) {
    if (!validId(id)) {
      throw new InvalidContactId();
    }
  }

  /** Creates or updates; answers whether the contact was created. */
  @Transactional
  boolean put(String id, ContactInput in) {
    checkId(id);
    Instant now = EngineClock.now();
    Optional<ContactView> existing = contacts.find(id);
    ContactView old =
        existing.orElse(
            new ContactView(
                id,
                null,
                null,
                null,
                null,
                null,
                null,
                INITIAL_STAGE,
                0,
                Map.of(),
                Map.of(),
                Set.of(),
                now,
                now));
    String email = in.present().contains("email") ? in.email() : old.email();
    String phone = in.present().contains("phone") ? in.phone() : old.phone();
    checkIdentity(id, "email", email, old.email());
    checkIdentity(id, "phone", phone, old.phone());
    ContactView updated =
        new ContactView(
            id,
            email,
            phone,
            in.present().contains("firstName") ? in.firstName() : old.firstName(),
            in.present().contains("lastName") ? in.lastName() : old.lastName(),
            in.present().contains("timezone") ? in.timezone() : old.timezone(),
            in.present().contains("locale") ? in.locale() : old.locale(),
            old.lifecycleStage(),
            old.score(),
            in.present().contains("attributes") ? in.attributes() : old.attributes(),
            Map.of(),
            Set.of(),
            old.createdAt(),
            now);
    if (existing.isPresent()) {
      contacts.update(updated);
    } else {
      contacts.insert(updated);
    }
    if (existing.isPresent() && !Objects.equals(old.email(), email)) {
      confirmations.addressChanged(id, email, now); // a pending opt-in was for the old address
    }
    for (Map.Entry<String, ConsentInput> c : in.consent().entrySet()) {
      confirmations.put(id, c.getKey(), c.getValue().granted(), c.getValue().source(), now);
    }
    publisher.publishEvent(new ContactsChanged(List.of(id), ContactsChanged.UPDATED));
    return existing.isEmpty();
  }

  /**
   * Applies a JSON Merge Patch (RFC 7396) to the contact's profile fields, attributes and consent,
   * validated like {@link #put}; the contact's row stays locked meanwhile, so concurrent patches of
   * its attributes both count. Answers {@code false} when there is no such contact.
   *
   * @param readInput reads the patched document the way a PUT body is read (400 on problems)
   */
  @Transactional
  boolean patch(
      String id, JsonNode patch, ObjectMapper json, Function<JsonNode, ContactInput> readInput) {
    checkId(id);
    if (!contacts.lock(id)) {
      return false;
    }
    ContactView current = contacts.find(id).orElseThrow();
    ObjectNode effective = ((ObjectNode) patch).deepCopy();
    JsonNode attributes = patch.get("attributes");
    if (attributes != null && attributes.isObject()) {
      effective.set(
          "attributes", MergePatch.apply(json.valueToTree(current.attributes()), attributes));
    } else if (attributes != null && attributes.isNull()) {
      effective.set("attributes", json.createObjectNode()); // removes every attribute
    } // anything else is refused by the reader, as in a PUT
    put(id, readInput.apply(effective)); // absent fields are kept, null ones cleared
    return true;
  }

  private void checkIdentity(String id, String field, String value, String current) {
    if (value == null || value.equals(current)) {
      return;
    }
    if (suppressions.isSuppressed(value)) {
      throw new IdentityConflict(field, IdentityConflict.Kind.SUPPRESSED);
    }
    if (!contacts.othersWith(field, value, id).isEmpty()) {
      throw new IdentityConflict(field, IdentityConflict.Kind.IN_USE);
    }
  }

  @Transactional(readOnly = true)
  Optional<ContactProfile> profile(String id) {
    return contacts
        .find(id)
        .map(
            c -> {
              Map<String, ConsentState> consent = new LinkedHashMap<>();
              this.consent
                  .of(id)
                  .forEach(
                      (channel, s) ->
                          consent.put(
                              channel,
                              new ConsentState(
                                  s.granted(),
                                  s.source(),
                                  s.updatedAt(),
                                  Channel.parse(channel)
                                      .flatMap(ch -> confirmations.pendingSince(id, ch))
                                      .orElse(null))));
              return new ContactProfile(
                  c.id(),
                  c.email(),
                  c.phone(),
                  c.firstName(),
                  c.lastName(),
                  c.timezone(),
                  c.locale(),
                  c.lifecycleStage(),
                  c.score(),
                  c.attributes(),
                  tags.of(id),
                  consent,
                  events.recentEvents(id, RECENT_EVENTS),
                  messages.recentMessages(id, RECENT_EVENTS),
                  activeJourneys(id),
                  c.createdAt(),
                  c.updatedAt(),
                  sections(id));
            });
  }

  /** What other features add to the profile ({@link ProfileSection}), by section name. */
  private Map<String, Object> sections(String contactId) {
    Map<String, Object> found = new LinkedHashMap<>();
    sections.forEach(s -> s.of(contactId).ifPresent(section -> found.put(s.name(), section)));
    return found;
  }

  private List<ActiveJourney> activeJourneys(String contactId) {
    List<ActiveJourney> journeys = new ArrayList<>();
    runtime
        .createProcessInstanceQuery()
        .processInstanceBusinessKey(contactId)
        .orderByProcessInstanceId()
        .asc()
        .list()
        .forEach(
            pi ->
                journeys.add(
                    new ActiveJourney(
                        repository.getProcessDefinition(pi.getProcessDefinitionId()).getKey(),
                        pi.getId())));
    return journeys;
  }

  @Override
  @Transactional(readOnly = true)
  public Optional<ContactView> find(String contactId) {
    return contacts
        .find(contactId)
        .map(
            c -> {
              Map<String, Boolean> consent = new LinkedHashMap<>();
              this.consent.of(contactId).forEach((ch, s) -> consent.put(ch, s.granted()));
              return new ContactView(
                  c.id(),
                  c.email(),
                  c.phone(),
                  c.firstName(),
                  c.lastName(),
                  c.timezone(),
                  c.locale(),
                  c.lifecycleStage(),
                  c.score(),
                  c.attributes(),
                  Map.copyOf(consent),
                  tags.of(contactId),
                  c.createdAt(),
                  c.updatedAt());
            });
  }

  @Override
  public Set<String> existing(Collection<String> contactIds) {
    return contacts.existing(contactIds);
  }

  @Override
  @Transactional
  public void tag(String contactId, String tag) {
    tag(contactId, tag, null);
  }

  @Override
  @Transactional
  public void tag(String contactId, String tag, String source) {
    if (tag == null || tag.isBlank() || tag.length() > 100) {
      throw new IllegalArgumentException("a tag has 1 to 100 characters");
    }
    tags.add(contactId, tag.trim(), source, EngineClock.now());
    publisher.publishEvent(new ContactsChanged(List.of(contactId), ContactsChanged.TAGGED));
  }

  @Override
  @Transactional
  public void setConsent(String contactId, Channel channel, boolean granted, String source) {
    consent.put(contactId, channel.wire(), new Consent(granted, source, EngineClock.now()));
  }
}
