package io.journeys.demo;

import io.journeys.channel.MessageStatusChanged;
import io.journeys.config.EngineClock;
import io.journeys.contact.ContactDirectory;
import io.journeys.event.EventIntake;
import io.journeys.event.IncomingEvent;
import io.journeys.journey.JourneyConstants;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;
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
 *
 * <p>Before those days it plays the history of a few older customers ({@code demo-old-…}):
 * registered months ago, orders 100–400 days ago, then none, the clock jumping from one of their
 * events or due jobs to the next. From the first demo day on the nightly segment pass ({@code
 * segment-dormant-scan}) runs every generated night, so they enter the {@code dormant} segment
 * (starting {@code dormant-win-back}) or the {@code inactive} one (starting {@code
 * dormant-reactivation}) when their time comes, and some of them answer the journeys' messages with
 * an order.
 */
@Component
@Profile("embedded")
@ConditionalOnProperty(name = "journeys.demo.activity", havingValue = "true")
class DemoActivity implements ApplicationRunner {

  static final String FIRST_CONTACT = "demo-0001";

  /** Id prefix of the older customers, who become dormant or inactive during the demo. */
  static final String OLDER = "demo-old-";

  /** Older customers with 3–5 orders in the two months before they stopped ordering. */
  static final int HIGH_VALUE_DORMANT = 16;

  /** Older customers with one order. */
  static final int LOW_VALUE_DORMANT = 16;

  /** Customers of a few months who stopped logging in and ordering 30 days ago (seed 004). */
  static final int LAPSING = 16;

  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  private static final int MAX_JOB_ROUNDS = 20;
  private static final Logger log = LoggerFactory.getLogger(DemoActivity.class);

  private final EventIntake intake;
  private final ContactDirectory contacts;
  private final ManagementService management;
  private final int days;
  private final PriorityQueue<Planned> planned = new PriorityQueue<>();
  private final Random random = new Random(20261202L);
  // the older customers draw from their own sequence, so the newcomers' figures stay as they were
  private static final long PAST_SEED = 20261203L;
  private final Random past = new Random(PAST_SEED);
  private volatile boolean running;
  private int nextContact = 1;
  private int nextEvent = 1;
  private int nextOrder = 1;
  private int nextOlder = 1;

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
      Instant first = planOlderCustomers(start, end);
      ingested += playHistory(first, start);
      log.info("Demo: older customers' history played ({} events); the demo days follow", ingested);
      nightlyPassFrom(start);
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

  /**
   * The older customers' past up to {@code until}: the clock jumps to each planned event (theirs,
   * and the opens of the emails sent to them) and to each job's due date in turn, so their
   * onboarding ran as it would have, without stepping through months hour by hour.
   */
  private int playHistory(Instant from, Instant until) {
    int ingested = 0;
    for (Instant now = from; now.isBefore(until); now = nextMoment(now, until)) {
      EngineClock.moveTo(now);
      Instant after = now.plusMillis(1);
      for (Planned p = pollBefore(after); p != null; p = pollBefore(after)) {
        ingest(event(p.type(), p.contact(), p.properties(), now));
        ingested++;
      }
      executeDueJobs();
    }
    return ingested;
  }

  /** The next planned event or job due date after {@code now}, at the latest {@code until}. */
  private Instant nextMoment(Instant now, Instant until) {
    Instant next = until;
    synchronized (planned) {
      if (!planned.isEmpty() && planned.peek().at().isBefore(next)) {
        next = planned.peek().at();
      }
    }
    List<Job> due =
        management
            .createJobQuery()
            .duedateHigherThan(Date.from(now))
            .orderByJobDuedate()
            .asc()
            .listPage(0, 1);
    if (!due.isEmpty() && due.get(0).getDuedate().toInstant().isBefore(next)) {
      next = due.get(0).getDuedate().toInstant();
    }
    return next.isAfter(now) ? next : now.plusSeconds(1);
  }

  /**
   * The nightly segment pass's timer was set at deployment for the next real night; it is moved to
   * the first demo hour, and each run schedules the next one by the engine clock (its cron), so the
   * pass runs every generated night and, after the demo, next at its real time.
   */
  private void nightlyPassFrom(Instant at) {
    for (Job timer :
        management
            .createJobQuery()
            .processDefinitionKey(JourneyConstants.PROCESS_SEGMENT_DORMANT_SCAN)
            .timers()
            .list()) {
      management.setJobDuedate(timer.getId(), Date.from(at));
    }
  }

  /**
   * Older customers, planned up front; returns when the first of them registered.
   *
   * <ul>
   *   <li>Dormant by seed 002's rule (registered over 180 days ago, no order for 90 days): the
   *       high-value ones ordered 3–5 times in the two months before they stopped ({@code
   *       ordersHalfYear ≥ 3} when they enter), some also soon after registering; the low-value
   *       ones once. Their 90 days ran out up to 20 days before the first demo day (the first
   *       nightly pass finds them) or during the demo days. From a few weeks before the demo on
   *       they log in every 10–25 days, so they are not also inactive by seed 004's rule.
   *   <li>Lapsing (seed 004's inactive segment: registered over 30 days ago, no login and no order
   *       for 30 days): registered 50–160 days before they enter, one or two orders, the last with
   *       their last login.
   * </ul>
   */
  private Instant planOlderCustomers(Instant start, Instant end) {
    Instant first = start;
    int window = (int) Duration.between(start, end).toMinutes() * 4 / 5;
    for (int i = 0; i < HIGH_VALUE_DORMANT + LOW_VALUE_DORMANT; i++) {
      boolean highValue = i % 2 == 0;
      String contact = olderContact();
      Instant dormantFrom =
          start.plus(Duration.ofMinutes(-20 * 24 * 60 + past.nextInt(20 * 24 * 60 + window)));
      Instant lastOrder = dormantFrom.minus(Duration.ofDays(90));
      Instant registered = lastOrder.minus(pastDays(highValue ? 100 : 95, highValue ? 300 : 250));
      plan(registered, "contact.registered", contact, Map.of("source", "demo"));
      plan(lastOrder, "order.placed", contact, order(past));
      if (highValue) {
        for (int k = past.nextInt(3); k > 0; k--) { // early orders, a year or so ago
          plan(registered.plus(pastDays(1, 30)), "order.placed", contact, order(past));
        }
        for (int k = 2 + past.nextInt(3); k > 0; k--) { // then 2-4 more before the last
          plan(lastOrder.minus(pastDays(1, 58)), "order.placed", contact, order(past));
        }
      }
      // they still log in now and then, so seed 004's inactive segment does not take them
      for (Instant login = start.minus(pastDays(3, 25));
          login.isBefore(end);
          login = login.plus(pastDays(10, 25))) {
        plan(login, "login", contact, Map.of());
      }
      first = registered.isBefore(first) ? registered : first;
    }
    for (int i = 0; i < LAPSING; i++) {
      String contact = olderContact();
      Instant inactiveFrom =
          start.plus(Duration.ofMinutes(-10 * 24 * 60 + past.nextInt(10 * 24 * 60 + window)));
      Instant lastSeen = inactiveFrom.minus(Duration.ofDays(30));
      Instant registered = lastSeen.minus(pastDays(20, 130));
      plan(registered, "contact.registered", contact, Map.of("source", "demo"));
      if (past.nextBoolean()) {
        plan(registered.plus(pastDays(1, 15)), "order.placed", contact, order(past));
      }
      plan(lastSeen.minus(Duration.ofMinutes(5 + past.nextInt(55))), "login", contact, Map.of());
      plan(lastSeen, "order.placed", contact, order(past));
      first = registered.isBefore(first) ? registered : first;
    }
    return first;
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

  /**
   * Opens and clicks of the emails the journeys actually sent (after the sending commit), and the
   * older customers' answers to the win-back and reactivation messages.
   */
  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void onMessage(MessageStatusChanged change) {
    if (!running || change.attributes() == null) {
      return;
    }
    MessageStatusChanged.Attributes m = change.attributes();
    if (m.contactId() == null
        || !m.contactId().startsWith("demo-")
        || !"QUEUED".equals(change.status())) {
      return;
    }
    synchronized (planned) {
      boolean older = m.contactId().startsWith(OLDER);
      // an older customer's answer is drawn from the contact and template, not from the order in
      // which the engine happens to run the jobs of one hour
      Random r = older ? seeded(m.contactId() + "/" + m.template()) : random;
      Instant now = EngineClock.now(); // the generated past's time
      if ("email".equals(m.channel()) && r.nextInt(100) < 48) {
        Instant opened = now.plus(hours(r, 1, 20));
        plan(opened, "email.opened", m.contactId(), Map.of("messageId", change.messageId()));
        if (r.nextInt(100) < 40) {
          plan(
              opened.plus(Duration.ofMinutes(1 + r.nextInt(30))),
              "email.clicked",
              m.contactId(),
              Map.of("messageId", change.messageId(), "url", "https://shop.example.com/"));
        }
      }
      if (older && m.template() != null) {
        answer(m.contactId(), m.template(), now, r);
      }
    }
  }

  /**
   * What an older customer does after a win-back or reactivation message: high-value members claim
   * the no-threshold coupon more often than the others claim theirs, and most who claim order; some
   * look at the hot products and order; some lapsing customers come back to the shop and order
   * within the reactivation's 7 days.
   */
  private void answer(String contact, String template, Instant now, Random r) {
    switch (template) {
      case "winback-gift-vip", "winback-gift" -> {
        boolean vip = "winback-gift-vip".equals(template);
        if (r.nextInt(100) < (vip ? 50 : 30)) {
          Instant claimed = now.plus(hours(r, 2, 30));
          plan(
              claimed,
              "coupon.claimed",
              contact,
              Map.of("couponId", vip ? "VIP-GIFT" : "COMEBACK20"));
          if (r.nextInt(100) < (vip ? 75 : 55)) {
            plan(claimed.plus(hours(r, 1, 48)), "order.placed", contact, order(r));
          }
        }
      }
      case "winback-hot-products" -> {
        if (r.nextInt(100) < 40) {
          Instant viewed = now.plus(hours(r, 2, 30));
          plan(viewed, "product.viewed", contact, product(r, 60 + r.nextInt(300)));
          if (r.nextInt(100) < 35) {
            plan(viewed.plus(hours(r, 1, 72)), "order.placed", contact, order(r));
          }
        }
      }
      case "reactivation-coupon" -> {
        if (r.nextInt(100) < 55) {
          Instant visited = now.plus(hours(r, 1, 24));
          plan(visited, "page.viewed", contact, Map.of("url", "https://shop.example.com/"));
          plan(
              visited.plus(Duration.ofMinutes(2 + r.nextInt(20))),
              "product.viewed",
              contact,
              product(r, 30 + r.nextInt(400)));
          if (r.nextInt(100) < 50) {
            plan(visited.plus(hours(r, 1, 72)), "order.placed", contact, order(r));
          }
        }
      }
      default -> {}
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

  /** A sequence of its own for {@code key}: the key's hash, mixed (MurmurHash3's finaliser). */
  private static Random seeded(String key) {
    long h = PAST_SEED ^ key.hashCode();
    h = (h ^ (h >>> 33)) * 0xff51afd7ed558ccdL;
    h = (h ^ (h >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return new Random(h ^ (h >>> 33));
  }

  private String olderContact() {
    return OLDER + "%04d".formatted(nextOlder++);
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
        first ? phone(contact) : null,
        OffsetDateTime.ofInstant(at, ZoneOffset.UTC),
        properties);
  }

  /** A mainland mobile number: 139 for the newcomers, 138 for the older customers. */
  private static String phone(String contact) {
    return contact.startsWith(OLDER)
        ? "+86138" + contact.substring(OLDER.length()) + "0000"
        : "+86139" + contact.substring("demo-".length()).replace('-', '0') + "0000";
  }

  private Map<String, Object> order() {
    return order(random);
  }

  private Map<String, Object> order(Random r) {
    return Map.of(
        "orderId", "demo-order-" + nextOrder++, "amount", 99 + r.nextInt(500), "currency", "CNY");
  }

  private static Map<String, Object> product(Random r, int seconds) {
    return Map.of(
        "productId",
        "sku-" + (100 + r.nextInt(20)),
        "url",
        "https://shop.example.com/p/",
        "durationSeconds",
        seconds);
  }

  private Duration hours(int from, int to) {
    return hours(random, from, to);
  }

  private static Duration hours(Random r, int from, int to) {
    return Duration.ofMinutes(from * 60L + r.nextInt((to - from) * 60));
  }

  private Duration pastDays(int from, int to) {
    return Duration.ofMinutes(from * 24L * 60 + past.nextInt((to - from) * 24 * 60));
  }
}
