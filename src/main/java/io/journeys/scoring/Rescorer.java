package io.journeys.scoring;

import io.journeys.config.EngineClock;
import io.journeys.contact.ContactFacts;
import io.journeys.event.EventHistory;
import io.journeys.event.StoredEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Re-scores every contact when a new version of the lead-scoring model is in force (and starts a
 * tag pass over every contact when a new version of the tag rules is): in batches of contacts (id
 * order), each batch one transaction that scores the contacts' stored events and profile under the
 * new version and moves the job's cursor. A crash leaves the cursor at the last committed batch;
 * the next poll (any node) resumes there; batches hold the job's row lock, so two nodes never run
 * the same batch. Runs on a thread of its own, not the shared scheduler. On PostgreSQL, with a
 * model whose cells translate to SQL, a batch ({@code journeys.scoring.rescore-sql-batch}, 20,000
 * contacts) is re-scored set-based ({@link SetRescorer}); otherwise each contact in Java ({@code
 * journeys.scoring.rescore-batch}, 500).
 */
@Component
class Rescorer implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(Rescorer.class);

  private final ScoringModel model;
  private final RescoreJobs jobs;
  private final LeadScorer scorer;
  private final ContactFacts contacts;
  private final EventHistory history;
  private final TransactionTemplate tx;
  private final int batchSize;
  private final Clock clock = EngineClock.UTC;
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "journeys-rescore");
            t.setDaemon(true);
            return t;
          });
  private final AtomicBoolean running = new AtomicBoolean();
  private final TagModel tagModel;
  private final TagPass tagPass;
  private final SetRescorer sets;
  private final int setBatchSize;

  Rescorer(
      ScoringModel model,
      RescoreJobs jobs,
      LeadScorer scorer,
      ContactFacts contacts,
      EventHistory history,
      PlatformTransactionManager transactions,
      TagModel tagModel,
      TagPass tagPass,
      SetRescorer sets,
      @Value("${journeys.scoring.rescore-batch:500}") int batchSize,
      @Value("${journeys.scoring.rescore-sql-batch:20000}") int setBatchSize) {
    this.sets = sets;
    this.setBatchSize = setBatchSize;
    this.tagModel = tagModel;
    this.tagPass = tagPass;
    this.model = model;
    this.jobs = jobs;
    this.scorer = scorer;
    this.contacts = contacts;
    this.history = history;
    this.tx = new TransactionTemplate(transactions);
    this.batchSize = batchSize;
  }

  /** Looks for a new model version or an unfinished job, and works on it in the background. */
  @Scheduled(
      initialDelayString = "${journeys.scoring.model-poll:PT30S}",
      fixedDelayString = "${journeys.scoring.model-poll:PT30S}")
  void poll() {
    try {
      int before = tagModel.current().version();
      if (tagModel.refresh().version() != before) {
        log.info(
            "Tag rules version {} in force: a pass over every contact starts",
            tagModel.current().version());
        tagPass.start(true);
      }
    } catch (RuntimeException e) {
      log.warn("Could not read the tag rules", e);
    }
    if (running.compareAndSet(false, true)) {
      worker.submit(
          () -> {
            try {
              runToEnd();
            } catch (RuntimeException e) {
              log.warn("Re-scoring stopped; the next poll resumes it", e);
            } finally {
              running.set(false);
            }
          });
    }
  }

  /** Runs the job of the version in force until it is done; answers how many contacts it did. */
  long runToEnd() {
    ScoreRules rules = model.refresh();
    if (jobs.find(rules.version()).isEmpty()) {
      jobs.create(rules.version(), contacts.count(), clock.instant());
      log.info("Lead-scoring model version {} in force: re-scoring every contact", rules.version());
    }
    long done = 0;
    int n;
    while ((n = batch(rules)) > 0) {
      done += n;
    }
    return done;
  }

  /** One batch under the job's row lock; answers how many contacts it did (0: none left). */
  int batch(ScoreRules rules) {
    Integer n =
        tx.execute(
            status -> {
              RescoreJobs.Job job = jobs.lock(rules.version()).orElse(null);
              if (job == null
                  || RescoreJobs.DONE.equals(job.status())
                  || model.current().version() != rules.version()) {
                return 0;
              }
              Optional<RescoreSql> plan = sets.plan(rules);
              List<String> ids =
                  contacts.idsAfter(
                      job.afterContact(), plan.isPresent() ? setBatchSize : batchSize);
              Instant now = clock.instant();
              if (ids.isEmpty()) {
                jobs.advance(rules.version(), job.afterContact(), 0, true, now);
                log.info(
                    "Re-scoring under version {} done: {} contacts",
                    rules.version(),
                    job.processed());
                return 0;
              }
              contacts.lock(ids);
              if (plan.isPresent()) {
                sets.rescore(plan.get(), rules, ids, now);
              } else {
                List<StoredEvent> events = history.of(ids, rules.eventTypes(), null);
                scorer.score(events, rules);
                scorer.refresh(ids, rules);
              }
              jobs.advance(rules.version(), ids.get(ids.size() - 1), ids.size(), false, now);
              return ids.size();
            });
    return n == null ? 0 : n;
  }

  @Override
  public void destroy() {
    worker.shutdownNow();
  }
}
