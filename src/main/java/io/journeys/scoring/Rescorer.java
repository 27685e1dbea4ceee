package io.journeys.scoring;

import io.journeys.config.EngineClock;
import io.journeys.contact.ContactFacts;
import io.journeys.event.EventHistory;
import io.journeys.event.StoredEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
 * tag pass over every contact when a new version of the tag rules is). When the job of a version
 * starts, its contacts are split into batches by id range ({@code score_rescore_batch}, planned
 * once under the job's row lock); each batch is one transaction that holds its batch row's lock
 * ({@code for update skip locked}), locks the range's contacts, scores their stored events and
 * profile under the new version and marks the batch done. {@code journeys.scoring.rescore-threads}
 * threads (default 2) per node work on one job at once, and so do other nodes; none runs a batch
 * another holds or has done. A crash rolls its batch back to pending, and the next poll (any node)
 * does it. The job is done when no batch is left. On PostgreSQL, with a model whose cells translate
 * to SQL, a batch ({@code journeys.scoring.rescore-sql-batch}, 20,000 contacts) is re-scored
 * set-based ({@link SetRescorer}); otherwise each contact in Java ({@code
 * journeys.scoring.rescore-batch}, 500).
 */
@Component
class Rescorer implements DisposableBean {

  /** What {@link #batch} answers when the job has no batch left for this thread. */
  static final int NONE_LEFT = -1;

  private static final Logger log = LoggerFactory.getLogger(Rescorer.class);

  private final ScoringModel model;
  private final RescoreJobs jobs;
  private final LeadScorer scorer;
  private final ContactFacts contacts;
  private final EventHistory history;
  private final TransactionTemplate tx;
  private final int batchSize;
  private final int threads;
  private final Clock clock = EngineClock.UTC;
  private final ExecutorService worker;
  private final AtomicBoolean running = new AtomicBoolean();
  private final Set<Integer> planned = ConcurrentHashMap.newKeySet();
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
      @Value("${journeys.scoring.rescore-sql-batch:20000}") int setBatchSize,
      @Value("${journeys.scoring.rescore-threads:2}") int threads) {
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
    this.threads = Math.max(1, threads);
    AtomicInteger n = new AtomicInteger();
    this.worker =
        Executors.newFixedThreadPool(
            this.threads + 1,
            r -> {
              Thread t = new Thread(r, "journeys-rescore-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
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

  /**
   * Runs the job of the version in force until no batch is left, on this thread and {@code
   * rescore-threads − 1} more; answers how many contacts they did.
   */
  long runToEnd() {
    ScoreRules rules = model.refresh();
    if (jobs.find(rules.version()).isEmpty()) {
      jobs.create(rules.version(), contacts.count(), clock.instant());
      log.info(
          "Lead-scoring model version {} in force: re-scoring every contact on {} threads",
          rules.version(),
          threads);
    }
    List<Future<Long>> others = new ArrayList<>();
    for (int i = 1; i < threads; i++) {
      others.add(worker.submit(() -> loop(rules)));
    }
    long done = loop(rules);
    RuntimeException failed = null;
    for (Future<Long> other : others) {
      try {
        done += other.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failed = new IllegalStateException("Interrupted while re-scoring", e);
      } catch (ExecutionException e) {
        failed =
            e.getCause() instanceof RuntimeException r
                ? r
                : new IllegalStateException("Re-scoring failed", e.getCause());
      }
    }
    if (failed != null) {
      throw failed;
    }
    return done;
  }

  private long loop(ScoreRules rules) {
    long done = 0;
    int n;
    while ((n = batch(rules)) != NONE_LEFT) {
      done += n;
    }
    return done;
  }

  /**
   * One batch of the job of {@code rules}' version, in one transaction; answers how many contacts
   * it did, or {@link #NONE_LEFT} when no batch is left for this thread (the job is marked done
   * when none is left at all, i.e. none is held by another thread either).
   */
  int batch(ScoreRules rules) {
    if (!ready(rules)) {
      return NONE_LEFT;
    }
    Integer n =
        tx.execute(
            status -> {
              if (model.current().version() != rules.version()) {
                return NONE_LEFT;
              }
              RescoreJobs.Batch batch = jobs.claim(rules.version()).orElse(null);
              if (batch == null) {
                return NONE_LEFT;
              }
              Optional<RescoreSql> plan = sets.plan(rules);
              List<String> ids = contacts.lockRange(batch.afterContact(), batch.upTo());
              Instant now = clock.instant();
              if (!ids.isEmpty()) {
                if (plan.isPresent()) {
                  sets.rescore(plan.get(), rules, ids, now);
                } else {
                  List<StoredEvent> events = history.of(ids, rules.eventTypes(), null);
                  scorer.score(events, rules);
                  scorer.refresh(ids, rules);
                }
              }
              jobs.finish(batch, ids, now);
              return ids.size();
            });
    if (n == null || n == NONE_LEFT) {
      tx.executeWithoutResult(
          status -> {
            if (model.current().version() == rules.version()
                && jobs.unfinished(rules.version()) == 0
                && jobs.complete(rules.version(), clock.instant())) {
              log.info(
                  "Re-scoring under version {} done: {} contacts",
                  rules.version(),
                  jobs.find(rules.version()).map(RescoreJobs.Job::processed).orElse(0L));
            }
          });
      return NONE_LEFT;
    }
    return n;
  }

  /**
   * Whether the job of this version is running, with its batches planned (planned here if they are
   * not, under the job's row lock: by one thread of one node).
   */
  private boolean ready(ScoreRules rules) {
    int version = rules.version();
    if (planned.contains(version)) {
      return true;
    }
    Boolean ok =
        tx.execute(
            status -> {
              RescoreJobs.Job job = jobs.lock(version).orElse(null);
              if (job == null || RescoreJobs.DONE.equals(job.status())) {
                return false;
              }
              if (!jobs.planned(version)) {
                int size = sets.plan(rules).isPresent() ? setBatchSize : batchSize;
                List<String> ends = contacts.rangeEnds(job.afterContact(), size);
                jobs.plan(version, job.afterContact(), ends);
                log.info(
                    "Re-scoring under version {}: {} batches of {} contacts",
                    version,
                    ends.size() + 1,
                    size);
              }
              return true;
            });
    if (Boolean.TRUE.equals(ok)) {
      planned.add(version);
      return true;
    }
    return false;
  }

  @Override
  public void destroy() {
    worker.shutdownNow();
  }
}
