package io.journeys.demo;

import io.journeys.channel.MessageStatusChanged;
import io.journeys.config.EngineClock;
import io.journeys.contact.ContactDirectory;
import io.journeys.event.EventIntake;
import io.journeys.event.IncomingEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.runtime.Job;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Generates {@code journeys.demo.days} (21) days of demo behaviour before the job executor starts
 * (an {@link ApplicationRunner} runs before {@code ApplicationReadyEvent}, which starts it): hour
 * by hour the engine clock is set to a past time, the hour's events are ingested and every job due
 * by then is executed, so journeys wait, send and convert as they would have. Opens and clicks
 * follow the emails actually sent, orders follow carts and registrations. The behaviour is random
 * but seeded, so every first start makes the same figures. Runs once: not again when its first
 * contact exists.
 */
@Component
@Profile("embedded")
@ConditionalOnProperty(name = "journeys.demo.activity", havingValue = "true")
class DemoActivity implements ApplicationRunner {

  static final String FIRST_CONTACT = "demo-0001";
  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  private static final int MAX_JOB_ROUNDS = 20;
  private static final Logger log = LoggerFactory.getLogger(DemoActivity.class);

  private final EventIntake intake;
  private final ContactDirectory contacts;
  private final ManagementService management;
  private final int days;
  private final PriorityQueue<Planned> planned = new PriorityQueue<>();
  private final Random random = new Random(20261202L);
  private volatile boolean running;
  private int nextContact = 1;
  private int nextEvent = 1;
  private int nextOrder = 1;

  DemoActivity(
      EventIntake intake,
      ContactDirectory contacts,
      ManagementService management,
      @Value("${journeys.demo.days:21}") int days) {
    this.days = days;
    this.intake = intake;
    this.contacts = contacts;
    this.management = management;
  }

  /** An event due at a time of the generated past. */
  private record Planned(Instant at, String type, String contact, Map<String, Object> properties)
      implements Comparable<Planned> {
    @Override
    public int compareTo(Planned o) {
      return at.compareTo(o.at);
    }
  }

  @Override
  public void run(ApplicationArguments args) {
    if (contacts.find(FIRST_CONTACT).isPresent()) {
      return;
    }
    Instant end = EngineClock.now().truncatedTo(ChronoUnit.HOURS); // real time: not moved yet
    Instant start = end.minus(Duration.ofDays(days));
    log.info("Generating {} days of demo activity (embedded profile only)…", days);
    running = true;
    int ingested = 0;
    try {
      for (Instant hour = start; hour.isBefore(end); hour = hour.plus(Duration.ofHours(1))) {
        EngineClock.moveTo(hour);
        if (hour.atZone(SHANGHAI).getHour() == 9) {
          planDay(hour);
        }
        Instant next = hour.plus(Duration.ofHours(1));
        for (Planned p = pollBefore(next); p != null; p = pollBefore(next)) {
          Instant at = p.at().isBefore(hour) ? hour : p.at();
          EngineClock.moveTo(at);
          ingest(event(p.type(), p.contact(), p.properties(), at));
          ingested++;
        }
        EngineClock.moveTo(next);
        executeDueJobs();
      }
    } finally {
      running = false;
      EngineClock.resetToRealTime();
    }
    log.info("Demo activity done: {} events over {} days", ingested, days);
  }

  private Planned pollBefore(Instant next) {
    synchronized (planned) {
      return !planned.isEmpty() && planned.peek().at().isBefore(next) ? planned.poll() : null;
    }
  }

  /** The day's newcomers and what they do; later steps follow from what journeys send. */
  private void planDay(Instant nineAm) {
    for (int i = 0; i < 6 + random.nextInt(5); i++) {
      String contact = newContact();
      Instant at = nineAm.plus(Duration.ofMinutes(random.nextInt(9 * 60)));
      plan(at, "contact.registered", contact, Map.of("source", "demo"));
      // a first order: some on the welcome's day, the others within the 7-day goal window
      if (random.nextInt(100) < 35) {
        Duration after = random.nextInt(100) < 40 ? hours(2, 24) : hours(24, 144);
        plan(at.plus(after), "order.placed", contact, order());
      }
    }
    for (int i = 0; i < 5 + random.nextInt(5); i++) {
      String contact = newContact();
      Instant at = nineAm.plus(Duration.ofMinutes(random.nextInt(9 * 60)));
      plan(
          at,
          "cart.added",
          contact,
          Map.of("productId", "sku-" + (100 + random.nextInt(20)), "quantity", 1, "price", 199));
      if (random.nextInt(100) < 35) {
        plan(at.plus(hours(2, 60)), "order.placed", contact, order());
      }
    }
    for (int i = 0; i < 2 + random.nextInt(3); i++) {
      String contact = newContact();
      Instant at = nineAm.plus(Duration.ofMinutes(random.nextInt(9 * 60)));
      plan(at, "form.submitted", contact, Map.of("formId", "whitepaper"));
      if (random.nextInt(100) < 40) {
        plan(at.plus(hours(24, 96)), "webinar.attended", contact, Map.of());
      }
      if (random.nextInt(100) < 25) {
        plan(at.plus(hours(48, 120)), "price.enquired", contact, Map.of());
      }
    }
  }

  /** Opens and clicks of the emails the journeys actually sent (after the sending commit). */
  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void onMessage(MessageStatusChanged change) {
    if (!running || change.attributes() == null) {
      return;
    }
    MessageStatusChanged.Attributes m = change.attributes();
    if (!"email".equals(m.channel())
        || m.contactId() == null
        || !m.contactId().startsWith("demo-")
        || !"QUEUED".equals(change.status())) {
      return;
    }
    synchronized (planned) {
      if (random.nextInt(100) < 48) {
        Instant opened = EngineClock.now().plus(hours(1, 20)); // the generated past's time
        plan(opened, "email.opened", m.contactId(), Map.of("messageId", change.messageId()));
        if (random.nextInt(100) < 40) {
          plan(
              opened.plus(Duration.ofMinutes(1 + random.nextInt(30))),
              "email.clicked",
              m.contactId(),
              Map.of("messageId", change.messageId(), "url", "https://shop.example.com/"));
        }
      }
    }
  }

  private void executeDueJobs() {
    for (int round = 0; round < MAX_JOB_ROUNDS; round++) {
      List<Job> due = management.createJobQuery().executable().listPage(0, 500);
      if (due.isEmpty()) {
        return;
      }
      for (Job job : due) {
        try {
          management.executeJob(job.getId());
        } catch (RuntimeException e) { // the job keeps its retries and incidents, as in production
          log.debug("Demo job {} failed: {}", job.getId(), e.getMessage());
        }
      }
    }
  }

  /** Stores the event; a lock timeout (the tag refresher holds the contact) is tried again. */
  private void ingest(IncomingEvent event) {
    for (int attempt = 1; ; attempt++) {
      try {
        intake.ingest(List.of(event));
        return;
      } catch (RuntimeException e) {
        if (attempt == 3) {
          log.warn("Demo event {} not stored: {}", event.type(), e.getMessage());
          return;
        }
      }
    }
  }

  private String newContact() {
    return "demo-%04d".formatted(nextContact++);
  }

  private void plan(Instant at, String type, String contact, Map<String, Object> properties) {
    synchronized (planned) {
      planned.add(new Planned(at, type, contact, properties));
    }
  }

  private IncomingEvent event(
      String type, String contact, Map<String, Object> properties, Instant at) {
    int n = nextEvent++;
    boolean first =
        "contact.registered".equals(type)
            || "cart.added".equals(type)
            || "form.submitted".equals(type);
    return new IncomingEvent(
        "demo-event-" + n,
        type,
        contact,
        first ? contact + "@demo.example.com" : null,
        first ? "+86139" + contact.substring("demo-".length()).replace('-', '0') + "0000" : null,
        OffsetDateTime.ofInstant(at, ZoneOffset.UTC),
        properties);
  }

  private Map<String, Object> order() {
    return Map.of(
        "orderId",
        "demo-order-" + nextOrder++,
        "amount",
        99 + random.nextInt(500),
        "currency",
        "CNY");
  }

  private Duration hours(int from, int to) {
    return Duration.ofMinutes(from * 60L + random.nextInt((to - from) * 60));
  }
}
