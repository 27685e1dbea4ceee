package io.journeys.scoring;

import io.journeys.config.EngineClock;
import io.journeys.contact.ContactFacts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps scores and tags on time on a thread of its own: every {@code journeys.tags.refresh-every}
 * (5 s; several events of a contact meanwhile make one refresh) it refreshes the tags of contacts
 * that had events (from {@link TagQueue}); each pass ({@code journeys.tags.pass}, hourly by
 * default) walks every contact in batches, so that windows and half-lives that run out change
 * scores, MQL state and tags without a new event. The pass's cursor is in {@code tag_pass}
 * (resumable; batches hold its row lock, so nodes share a pass instead of repeating it).
 */
@Component
class TagPass implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(TagPass.class);
  static final String PASS = "scheduled";

  private final TagQueue queue;
  private final TagRefresher tags;
  private final LeadScorer scorer;
  private final ContactFacts contacts;
  private final NamedParameterJdbcTemplate jdbc;
  private final TransactionTemplate tx;
  private final int batchSize;
  private final Duration minGap;
  private final boolean worker;
  private final Duration drainEvery;
  private final Clock clock = EngineClock.UTC;
  private final AtomicBoolean passing = new AtomicBoolean();
  private final AtomicBoolean started = new AtomicBoolean();
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "journeys-tags");
            t.setDaemon(true);
            return t;
          });

  TagPass(
      TagQueue queue,
      TagRefresher tags,
      LeadScorer scorer,
      ContactFacts contacts,
      NamedParameterJdbcTemplate jdbc,
      PlatformTransactionManager transactions,
      @Value("${journeys.tags.batch:200}") int batchSize,
      @Value("${journeys.tags.min-gap:PT30M}") Duration minGap,
      @Value("${journeys.tags.worker:true}") boolean worker,
      @Value("${journeys.tags.refresh-every:PT5S}") Duration drainEvery) {
    this.drainEvery = drainEvery;
    this.worker = worker;
    this.queue = queue;
    this.tags = tags;
    this.scorer = scorer;
    this.contacts = contacts;
    this.jdbc = jdbc;
    this.tx = new TransactionTemplate(transactions);
    this.batchSize = batchSize;
    this.minGap = minGap;
  }

  @EventListener(ContextRefreshedEvent.class)
  void startWorker() {
    if (worker && started.compareAndSet(false, true)) {
      thread.scheduleWithFixedDelay(
          this::drainQuietly, drainEvery.toMillis(), drainEvery.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Refreshes the contacts queued now, a batch at a time; answers how many. Contacts queued again
   * meanwhile (busy ones among them) wait for the next round.
   */
  int drain() {
    int done = 0;
    int budget = queue.size();
    List<String> ids;
    while (done < budget && !(ids = queue.take(Math.min(batchSize, budget - done))).isEmpty()) {
      List<String> batch = ids;
      try {
        tags.refresh(batch);
      } catch (RuntimeException e) {
        log.warn("Tag refresh of {} contacts failed; the next pass retries them", batch.size(), e);
      }
      done += batch.size();
    }
    return done;
  }

  private void drainQuietly() {
    try {
      drain();
    } catch (RuntimeException e) {
      log.warn("Tag refresh failed", e);
    }
  }

  @Scheduled(cron = "${journeys.tags.pass:0 7 * * * *}")
  void schedule() {
    start(false);
  }

  /** Starts a pass in the background; {@code now}: even if one ended within the minimum gap. */
  void start(boolean now) {
    if (worker && passing.compareAndSet(false, true)) {
      thread.execute(
          () -> {
            try {
              runPass(now);
            } catch (RuntimeException e) {
              log.warn("Scheduled score and tag pass stopped; the next one resumes it", e);
            } finally {
              passing.set(false);
            }
          });
    }
  }

  /** Runs (or resumes) a pass over every contact; answers how many contacts it did. */
  long runPass() {
    return runPass(false);
  }

  long runPass(boolean force) {
    Instant now = clock.instant();
    Duration gap = force ? Duration.ZERO : minGap;
    tx.executeWithoutResult(
        s -> {
          if (jdbc.update(
                  "update tag_pass set started_at = :now, updated_at = :now where name = :n"
                      + " and started_at is null and updated_at <= :gap",
                  new MapSqlParameterSource("n", PASS)
                      .addValue("now", now.atOffset(ZoneOffset.UTC))
                      .addValue("gap", now.minus(gap).atOffset(ZoneOffset.UTC)))
              == 0) {
            try {
              jdbc.update(
                  "insert into tag_pass (name, started_at, updated_at) values (:n, :now, :now)",
                  new MapSqlParameterSource("n", PASS)
                      .addValue("now", now.atOffset(ZoneOffset.UTC)));
            } catch (org.springframework.dao.DuplicateKeyException e) {
              // running already, or done within the gap
            }
          }
        });
    long done = 0;
    int n;
    while ((n = batch()) > 0) {
      done += n;
    }
    return done;
  }

  private int batch() {
    Integer n =
        tx.execute(
            s -> {
              List<Map<String, Object>> rows =
                  jdbc.queryForList(
                      "select after_contact, started_at from tag_pass where name = :n for update",
                      Map.of("n", PASS));
              if (rows.isEmpty() || rows.get(0).get("started_at") == null) {
                return 0;
              }
              String after = (String) rows.get(0).get("after_contact");
              List<String> ids = contacts.idsAfter(after, batchSize);
              OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
              if (ids.isEmpty()) {
                jdbc.update(
                    "update tag_pass set after_contact = null, started_at = null, updated_at = :now"
                        + " where name = :n",
                    new MapSqlParameterSource("n", PASS).addValue("now", now));
                return 0;
              }
              contacts.lock(ids);
              scorer.refresh(ids);
              tags.refresh(ids);
              jdbc.update(
                  "update tag_pass set after_contact = :after, updated_at = :now where name = :n",
                  new MapSqlParameterSource("n", PASS)
                      .addValue("after", ids.get(ids.size() - 1))
                      .addValue("now", now));
              return ids.size();
            });
    return n == null ? 0 : n;
  }

  @Override
  public void destroy() {
    thread.shutdownNow();
  }
}
