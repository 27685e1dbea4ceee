package io.journeys.broadcast;

import io.journeys.config.EngineClock;
import io.journeys.contact.ContactDirectory;
import io.journeys.contact.ContactView;
import io.journeys.journey.JourneyConstants;
import io.journeys.segment.SegmentDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Schedules a broadcast (plan the recipients' batches and send times, store them, start its {@code
 * broadcast} instance, all in one transaction), shows it, and cancels it.
 */
@Service
class BroadcastService {

  /** How far in the past a broadcast's date and time may be (a request written a minute ago). */
  static final Duration GRACE = Duration.ofMinutes(5);

  /** The timer of a batch in bpmn/broadcast.bpmn: while every batch waits there, none started. */
  static final String BATCH_TIMER = "Event_BatchDue";

  /** Process variables of broadcast and broadcast-delivery besides JourneyConstants' ones. */
  static final String VAR_BATCH = "batch";

  static final String VAR_CHANNEL = "channel";
  static final String VAR_TEMPLATE = "template";

  private final BroadcastStore store;
  private final BroadcastValidator validator;
  private final ContactDirectory contacts;
  private final SegmentDirectory segments;
  private final RuntimeService runtime;
  private final HistoryService history;
  private final ManagementService management;
  private final Clock clock;

  @Autowired
  BroadcastService(
      BroadcastStore store,
      BroadcastValidator validator,
      ContactDirectory contacts,
      SegmentDirectory segments,
      RuntimeService runtime,
      HistoryService history,
      ManagementService management) {
    this(store, validator, contacts, segments, runtime, history, management, EngineClock.UTC);
  }

  BroadcastService(
      BroadcastStore store,
      BroadcastValidator validator,
      ContactDirectory contacts,
      SegmentDirectory segments,
      RuntimeService runtime,
      HistoryService history,
      ManagementService management,
      Clock clock) {
    this.store = store;
    this.validator = validator;
    this.contacts = contacts;
    this.segments = segments;
    this.runtime = runtime;
    this.history = history;
    this.management = management;
    this.clock = clock;
  }

  @Transactional
  BroadcastView schedule(BroadcastRequest request, String user) {
    validator.check(request);
    BroadcastRequest r = withAudience(request);
    ZoneId zone = ZoneId.of(r.timezone());
    Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
    if (r.date().atTime(r.time()).atZone(zone).toInstant().isBefore(now.minus(GRACE))) {
      throw InvalidBroadcast.of("date", "the date and time are in the past");
    }
    Map<String, String> zones = new HashMap<>();
    List<String> unknown = new java.util.ArrayList<>();
    for (String id : r.contactIds()) {
      Optional<ContactView> contact = contacts.find(id);
      contact.ifPresentOrElse(c -> zones.put(id, c.timezone()), () -> unknown.add(id));
    }
    if (!unknown.isEmpty()) {
      throw InvalidBroadcast.of(
          "contactIds",
          unknown.size()
              + " unknown contact(s): "
              + String.join(", ", unknown.subList(0, Math.min(20, unknown.size()))));
    }
    List<BroadcastSchedule.Slot> slots =
        BroadcastSchedule.plan(
            r.contactIds(), r.date(), r.time(), zone, r.local(), r.batchSize(), zones);
    String id = UUID.randomUUID().toString();
    String name = r.name() == null || r.name().isBlank() ? r.template() + " " + r.date() : r.name();
    BroadcastStore.Row row =
        new BroadcastStore.Row(
            id,
            name,
            r.channel(),
            r.template(),
            r.date(),
            r.time(),
            r.timezone(),
            r.local(),
            r.batchSize(),
            null,
            user,
            now,
            null,
            null);
    store.insert(row, slots);
    String pid =
        runtime
            .startProcessInstanceByKey(
                JourneyConstants.PROCESS_BROADCAST,
                id,
                Map.of(
                    JourneyConstants.VAR_BROADCAST_ID,
                    id,
                    VAR_CHANNEL,
                    r.channel(),
                    VAR_TEMPLATE,
                    r.template()))
            .getId();
    store.started(id, pid);
    return view(id);
  }

  @Transactional
  BroadcastView cancel(String id, String user) {
    BroadcastView view = view(id);
    if (!"SCHEDULED".equals(view.status()) && !"RUNNING".equals(view.status())) {
      throw BroadcastNotCancellable.inStatus(id, view.status());
    }
    // the broadcast's batches still waiting and its deliveries not yet ended
    if (runtime
        .createMessageCorrelation(JourneyConstants.MSG_BROADCAST_CANCELLED)
        .processInstanceVariableEquals(JourneyConstants.VAR_BROADCAST_ID, id)
        .correlateAllWithResult()
        .isEmpty()) {
      throw BroadcastNotCancellable.justCompleted(id);
    }
    store.cancel(id, Instant.now(clock), user);
    return view(id);
  }

  /**
   * A segment audience becomes the segment's members at the moment the broadcast is scheduled (a
   * snapshot: who enters the segment later is not added), at most {@link
   * BroadcastValidator#MAX_RECIPIENTS}.
   */
  private BroadcastRequest withAudience(BroadcastRequest r) {
    if (r.segment() == null) {
      return r;
    }
    if (!segments.exists(r.segment())) {
      throw InvalidBroadcast.of("segment", "no segment '" + r.segment() + "'");
    }
    List<String> members = new java.util.ArrayList<>();
    String after = "";
    List<String> page;
    do {
      page = segments.members(r.segment(), after, 1_000);
      members.addAll(page);
      after = page.isEmpty() ? after : page.get(page.size() - 1);
    } while (page.size() == 1_000 && members.size() <= BroadcastValidator.MAX_RECIPIENTS);
    if (members.isEmpty() || members.size() > BroadcastValidator.MAX_RECIPIENTS) {
      throw InvalidBroadcast.of(
          "segment",
          members.isEmpty()
              ? "segment '" + r.segment() + "' has no members"
              : "segment '"
                  + r.segment()
                  + "' has more than "
                  + BroadcastValidator.MAX_RECIPIENTS
                  + " members");
    }
    return new BroadcastRequest(
        r.name(),
        r.channel(),
        r.template(),
        r.date(),
        r.time(),
        r.timezone(),
        r.localTime(),
        r.batchSize(),
        List.copyOf(members),
        r.segment());
  }

  @Transactional(readOnly = true)
  BroadcastView view(String id) {
    return view(store.find(id).orElseThrow(() -> new BroadcastNotFound(id)));
  }

  @Transactional(readOnly = true)
  List<BroadcastView> latest() {
    return store.latest(100).stream().map(this::view).toList();
  }

  private BroadcastView view(BroadcastStore.Row row) {
    List<BroadcastStore.Batch> batches = store.batches(row.id());
    long recipients = batches.stream().mapToLong(BroadcastStore.Batch::recipients).sum();
    String pid = row.processInstanceId();
    long completed =
        history
            .createHistoricProcessInstanceQuery()
            .processDefinitionKey(JourneyConstants.PROCESS_BROADCAST_DELIVERY)
            .variableValueEquals(JourneyConstants.VAR_BROADCAST_ID, row.id())
            .completed()
            .count();
    return new BroadcastView(
        row.id(),
        row.name(),
        row.channel(),
        row.template(),
        row.date(),
        row.time(),
        row.timezone(),
        row.localTime(),
        row.batchSize(),
        status(row, batches),
        recipients,
        batches,
        completed,
        pid,
        row.createdBy(),
        row.createdAt(),
        row.cancelledAt(),
        row.cancelledBy());
  }

  private String status(BroadcastStore.Row row, List<BroadcastStore.Batch> batches) {
    if (row.cancelledAt() != null) {
      return "CANCELLED";
    }
    if (row.processInstanceId() == null
        || runtime.createProcessInstanceQuery().processInstanceId(row.processInstanceId()).count()
            == 0) {
      return runtime
                  .createProcessInstanceQuery()
                  .processDefinitionKey(JourneyConstants.PROCESS_BROADCAST_DELIVERY)
                  .variableValueEquals(JourneyConstants.VAR_BROADCAST_ID, row.id())
                  .count()
              > 0
          ? "RUNNING"
          : "COMPLETED";
    }
    long waitingBatches =
        management
            .createJobQuery()
            .processInstanceId(row.processInstanceId())
            .timers()
            .activityId(BATCH_TIMER)
            .count();
    return waitingBatches > 0 && waitingBatches == batches.size() ? "SCHEDULED" : "RUNNING";
  }
}
