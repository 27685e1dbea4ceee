package io.journeys.scoring;

import io.journeys.bench.BenchmarkApplication;
import io.journeys.event.EventIntake;
import io.journeys.event.IncomingEvent;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Event intake with lead scoring and tag refreshes on versus off, in one run on one database
 * (embedded PostgreSQL, production shape): alternating rounds of {@code events} events in batches
 * of {@code batch} over {@code contacts} contacts (a mix of page and product views, whitepaper
 * forms, webinars, price enquiries, carts and orders), each round with new contacts. Prints
 * events/s per round and the ratio of the medians. Before the rounds, a full re-score of {@code
 * rescore} contacts (default 1,000,000; 0 skips it) after a change of the scoring table. Not part
 * of {@code ./mvnw verify}:
 *
 * <pre>
 * ./mvnw -q test-compile exec:exec -Dexec.executable=.mvn/unprivileged/bin/java -Dexec.classpathScope=test \
 *   "-Dexec.args=-Xmx512m -Devents=50000 -cp %classpath io.journeys.scoring.ScoringBenchmark"
 * </pre>
 */
public final class ScoringBenchmark {

  private static final Logger log = LoggerFactory.getLogger("benchmark");
  private static final String[][] MIX = {
    {"page.viewed"},
    {"page.viewed"},
    {"product.viewed"},
    {"product.viewed"},
    {"product.viewed"},
    {"email.opened"},
    {"cart.added"},
    {"form.submitted", "whitepaper"},
    {"webinar.attended"},
    {"price.enquired"},
    {"order.placed"},
    {"login"}
  };

  private ScoringBenchmark() {}

  public static void main(String[] args) throws Exception {
    int events = Integer.getInteger("events", 50_000);
    int contacts = Integer.getInteger("contacts", 5_000);
    int batch = Integer.getInteger("batch", 500);
    int rounds = Integer.getInteger("rounds", 3);
    int rescore = Integer.getInteger("rescore", 1_000_000);
    try (EmbeddedPostgres pg =
            EmbeddedPostgres.builder()
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .start();
        ConfigurableApplicationContext app =
            BenchmarkApplication.start(pg.getJdbcUrl("postgres", "postgres"))) {
      if (rescore > 0) {
        rescore(app, rescore);
      }
      if (rounds <= 0) {
        return;
      }
      EventIntake intake = app.getBean(EventIntake.class);
      ScoringListener scoring = app.getBean(ScoringListener.class);
      TagPass tags = app.getBean(TagPass.class);
      run(intake, "warm-up", events / 5, contacts, batch, 0);
      List<Double> on = new ArrayList<>();
      List<Double> off = new ArrayList<>();
      for (int r = 1; r <= rounds; r++) {
        scoring.setEnabled(false);
        off.add(run(intake, "off", events, contacts, batch, r * 2));
        scoring.setEnabled(true);
        on.add(run(intake, "on", events, contacts, batch, r * 2 + 1));
        long t = System.nanoTime();
        int refreshed = tags.drain(); // the tag thread's backlog, if it fell behind
        log.info(
            "  tag backlog after round {}: {} contacts in {} s",
            r,
            refreshed,
            String.format("%.1f", (System.nanoTime() - t) / 1e9));
      }
      double medianOn = median(on);
      double medianOff = median(off);
      log.info(
          "median events/s: off {}, on {}; on/off = {} %; {}",
          Math.round(medianOff),
          Math.round(medianOn),
          Math.round(100 * medianOn / medianOff),
          load());
    }
  }

  private static double run(
      EventIntake intake, String label, int events, int contacts, int batch, int round) {
    Random random = new Random(round);
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    long start = System.nanoTime();
    List<IncomingEvent> chunk = new ArrayList<>(batch);
    for (int i = 0; i < events; i++) {
      String[] kind = MIX[random.nextInt(MIX.length)];
      Map<String, Object> properties =
          switch (kind[0]) {
            case "form.submitted" -> Map.of("formId", kind[1]);
            case "order.placed" ->
                Map.of("orderId", "o-" + round + "-" + i, "amount", 50 + random.nextInt(2000));
            case "product.viewed", "cart.added" -> Map.of("productId", "p-" + random.nextInt(500));
            default -> Map.of();
          };
      String contact = "b" + round + "-" + random.nextInt(contacts);
      chunk.add(
          new IncomingEvent(
              "ev-" + round + "-" + i,
              kind[0],
              null,
              contact + "@bench.example.com",
              null,
              now.minusMinutes(random.nextInt(60 * 24 * 30)),
              properties));
      if (chunk.size() == batch) {
        intake.ingest(chunk);
        chunk = new ArrayList<>(batch);
      }
    }
    if (!chunk.isEmpty()) {
      intake.ingest(chunk);
    }
    double perSecond = events / ((System.nanoTime() - start) / 1e9);
    log.info(
        "{} ({} events, {} contacts): {} events/s; {}",
        label,
        events,
        contacts,
        Math.round(perSecond),
        load());
    return perSecond;
  }

  /**
   * A full re-score: {@code contacts} contacts (c-…, created set-based; a quarter with phone
   * verified and company, a quarter with phone verified), a third of them with a whitepaper form, a
   * webinar and a price enquiry in the last 60 days (stored without scoring); then a new version of
   * the scoring table (webinar 15 → 16 points) and the background job's run over all of them
   * (ledger entries, scores, MQL state), timed: set-based (the default on PostgreSQL). Then in the
   * same run the per-contact path ({@code -Drescore.old}, default 20,000 contacts of another new
   * version, webinar 17) for the ratio per contact; the rest of that job runs set-based, untimed.
   */
  private static void rescore(ConfigurableApplicationContext app, int contacts) throws Exception {
    org.springframework.jdbc.core.JdbcTemplate jdbc =
        app.getBean(org.springframework.jdbc.core.JdbcTemplate.class);
    long t0 = System.nanoTime();
    jdbc.update(
        """
        insert into contact (id, email, locale, timezone, attributes, created_at, updated_at)
        select 'c-' || lpad(g::text, 8, '0'), 'c' || g || '@example.com', 'en', 'Asia/Shanghai',
               case g % 4 when 0 then '{"phoneVerified":true,"company":"ACME"}'
                          when 1 then '{"phoneVerified":true}' end,
               now() - ((10 + g % 300) || ' days')::interval, now()
        from generate_series(1, ?) g""",
        contacts);
    jdbc.update(
        """
        insert into event (id, type, contact_id, occurred_at, received_at, properties)
        select 'r-' || g || '-' || k, t.type, 'c-' || lpad(g::text, 8, '0'),
               now() - ((g % 60) || ' days')::interval - (k || ' hours')::interval, now(),
               t.properties
        from generate_series(1, ?) g,
             (values (1, 'form.submitted', '{"formId":"whitepaper"}'),
                     (2, 'webinar.attended', '{}'), (3, 'price.enquired', '{}'))
               as t(k, type, properties)
        where g % 3 = 0""",
        contacts);
    jdbc.execute("analyze");
    log.info(
        "re-score: generated {} contacts and {} events in {} s; {}",
        contacts,
        contacts / 3 * 3,
        String.format("%.1f", (System.nanoTime() - t0) / 1e9),
        load());
    Rescorer rescorer = app.getBean(Rescorer.class);
    SetRescorer sets = app.getBean(SetRescorer.class);
    RescoreJobs jobs = app.getBean(RescoreJobs.class);
    ScoringModel model = app.getBean(ScoringModel.class);

    deploy(app, 16);
    long t2 = System.nanoTime();
    rescorer.runToEnd(); // with the poll's thread, if it started meanwhile: they share batches
    int version = model.current().version();
    while (!RescoreJobs.DONE.equals(jobs.find(version).orElseThrow().status())) {
      Thread.sleep(100);
    }
    long done = jobs.find(version).orElseThrow().processed();
    double secs = (System.nanoTime() - t2) / 1e9;
    double setRate = done / secs;
    log.info(
        "re-score, set-based: {} contacts in {} s = {} contacts/s (1,000,000 would take {} s); {}",
        done,
        String.format("%.1f", secs),
        Math.round(setRate),
        Math.round(1_000_000 * secs / Math.max(1, done)),
        load());
    log.info(
        "  ledger entries of version {}: {}; MQL: {}",
        version,
        jdbc.queryForObject(
            "select count(*) from score_ledger where table_version = ?", Long.class, version),
        jdbc.queryForObject("select count(*) from contact_score where mql", Long.class));

    int old = Integer.getInteger("rescore.old", 20_000);
    if (old <= 0) {
      return;
    }
    sets.setEnabled(false);
    deploy(app, 17);
    ScoreRules rules = model.refresh();
    jobs.create(rules.version(), contacts, java.time.Instant.now());
    long t3 = System.nanoTime();
    long processed = 0;
    while (processed < old && rescorer.batch(rules) > 0) {
      processed = jobs.find(rules.version()).orElseThrow().processed();
    }
    double oldSecs = (System.nanoTime() - t3) / 1e9;
    double oldRate = processed / oldSecs;
    log.info(
        "re-score, per contact (the former path, same run): {} contacts in {} s = {} contacts/s"
            + " (1,000,000 would take {} s); set-based / per contact = {}; {}",
        processed,
        String.format("%.1f", oldSecs),
        Math.round(oldRate),
        Math.round(1_000_000 / oldRate),
        String.format("%.1f", setRate / oldRate),
        load());
    sets.setEnabled(true);
    long t4 = System.nanoTime();
    rescorer.runToEnd();
    log.info(
        "  (the rest of that job set-based, untimed for the ratio: {} s)",
        String.format("%.1f", (System.nanoTime() - t4) / 1e9));
  }

  /** Deploys the default scoring table with the webinar row's points changed. */
  private static void deploy(ConfigurableApplicationContext app, int webinarPoints)
      throws Exception {
    String xml;
    try (var in =
        ScoringBenchmark.class.getClassLoader().getResourceAsStream("dmn/lead-scoring.dmn")) {
      xml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    app.getBean(org.camunda.bpm.engine.RepositoryService.class)
        .createDeployment()
        .name("benchmark")
        .addString(
            "lead-scoring.dmn",
            xml.replaceFirst(
                "(<outputEntry id=\"Rule_Webinar_Out3\">\\s*<text>)15(</text>)",
                "$1" + webinarPoints + "$2"))
        .deploy();
  }

  /** The load average (1, 5, 15 minutes) of the machine, for the figures it went with. */
  static String load() {
    try {
      String[] l =
          java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
      return "load average " + l[0] + " " + l[1] + " " + l[2];
    } catch (java.io.IOException | RuntimeException e) {
      return "load average unknown";
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }
}
