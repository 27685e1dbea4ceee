package io.journeys.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.bench.BenchExecutor.Round;
import io.journeys.channel.SmtpConnectionsAccess;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The scenarios of the benchmark that run the job executor, once per {@link Round} of settings; the
 * first round is the baseline of the others.
 */
final class JobRounds {

  private static final Logger log = LoggerFactory.getLogger("benchmark");
  private static final String CART = "cart-abandonment";
  private static final String STARTED =
      "select count(*) from act_hi_procinst where proc_def_key_ = ?";
  private static final String SENT =
      "select count(*) from message where template = ? and status = 'SENT'";

  private final List<ApplicationContext> nodes;
  private final BenchClient client;
  private final List<BenchExecutor> executors;
  private final BenchResults results;
  private final Duration limit;

  /**
   * @param nodes the app nodes, each with its job executor in {@code executors}; a round runs the
   *     executors of its first {@link Round#nodes()} nodes
   */
  JobRounds(
      List<ApplicationContext> nodes,
      BenchClient client,
      List<BenchExecutor> executors,
      BenchResults results,
      Duration limit) {
    this.nodes = nodes;
    this.client = client;
    this.executors = executors;
    this.results = results;
    this.limit = limit;
  }

  private void start(Round round) {
    for (int i = 0; i < round.nodes(); i++) {
      executors.get(i).start(round.settings());
    }
  }

  private void stop() {
    executors.forEach(BenchExecutor::stop);
  }

  /** Resizes the kept SMTP connections of every node; answers those opened so far. */
  private long smtp(int connections) {
    long opened = 0;
    for (ApplicationContext node : nodes) {
      opened += SmtpConnectionsAccess.resize(node, connections);
    }
    return opened;
  }

  /**
   * Per round, {@code n} fresh cart-abandonment instances (contacts {@code <tag><round>-<i>}) whose
   * 24 h timers are set due at once, then the executor started: until no timer is left, and until
   * every email is sent. Fails when a timer fired twice or a contact got two emails. Returns the
   * emails sent.
   */
  int timerStorm(String tag, int n, List<Round> rounds) throws Exception {
    Double baselineFires = null;
    Double baselineEmails = null;
    for (int round = 0; round < rounds.size(); round++) {
      smtp(rounds.get(round).smtpConnections());
      String describe = rounds.get(round).describe();
      String prefix = tag + round;
      long base = client.count(STARTED, CART);
      client.post(
          n,
          2,
          i ->
              BenchClient.event(
                  prefix + "-" + i,
                  "cart.added",
                  BenchClient.email(prefix, i),
                  "{\"productId\":\"p-1\",\"quantity\":1,\"price\":9.9}"));
      client.await(limit, c -> c >= base + n, STARTED, CART);
      String ours =
          " from act_ru_job j join act_ru_jobdef d on d.id_ = j.job_def_id_"
              + " join act_ru_execution e on e.id_ = j.process_instance_id_ join contact c on c.id = e.business_key_"
              + " where d.act_id_ = 'Event_NoOrderInOneDay' and c.email like '"
              + prefix
              + "-%'";
      int due =
          nodes
              .get(0)
              .getBean(JdbcTemplate.class)
              .update(
                  "update act_ru_job set duedate_ = now() - interval '1 minute' where id_ in (select j.id_"
                      + ours
                      + ")");
      assertThat(due).isEqualTo(n);
      long sentBefore = client.count(SENT, "cart-low-stock");
      Timestamp since = client.now();
      double load = BenchResults.load();
      long t0 = System.nanoTime();
      start(rounds.get(round));
      double fireSecs;
      double emailSecs;
      try {
        client.await(
            limit,
            Bench.STALL,
            () -> client.diagnosis(since),
            c -> c == 0,
            "select count(*)" + ours);
        fireSecs = seconds(t0);
        client.await(
            limit,
            Bench.STALL,
            () -> client.diagnosis(since),
            c -> c >= sentBefore + n,
            SENT,
            "cart-low-stock");
        emailSecs = seconds(t0);
      } finally {
        stop();
      }
      double fires = n / fireSecs;
      double emails = n / emailSecs;
      baselineFires = baselineFires == null ? fires : baselineFires;
      baselineEmails = baselineEmails == null ? emails : baselineEmails;
      results.add(
          new BenchResults.Row(
              "timer storm: fires, " + describe,
              "fires/s",
              n,
              fires,
              rounds.get(0).describe(),
              baselineFires,
              fires / baselineFires,
              ">= 1,500/s and >= 3x Camunda defaults",
              load,
              BenchResults.load(),
              fireSecs));
      results.add(
          new BenchResults.Row(
              "timer storm: each followed by an email to SMTP, " + describe,
              "emails/s",
              n,
              emails,
              rounds.get(0).describe(),
              baselineEmails,
              emails / baselineEmails,
              ">= 1,000/s",
              load,
              BenchResults.load(),
              emailSecs));
    }
    assertThat(
            client.count(
                "select count(*) from (select proc_inst_id_ from act_hi_actinst"
                    + " where act_id_ = 'Event_NoOrderInOneDay' and end_time_ is not null"
                    + " group by proc_inst_id_ having count(*) > 1) twice"))
        .as("timers fired twice")
        .isZero();
    assertThat(
            client.count(
                "select count(*) from (select contact_id from message where template = ?"
                    + " group by contact_id having count(*) > 1) twice",
                "cart-low-stock"))
        .as("emails sent twice")
        .isZero();
    return n * rounds.size();
  }

  /**
   * Welcome emails end to end: {@code form.submitted} by REST for {@code <prefix>-<i>@bench.test}
   * until each welcome email ({@link WelcomeEmail}: {@code lead-whitepaper-thanks}) is {@code SENT}
   * at the relay.
   */
  int emails(String prefix, int n, List<Round> rounds) throws Exception {
    return sends(
        "emails",
        n,
        WelcomeEmail.EVENT,
        WelcomeEmail.template(nodes.get(0)),
        i -> BenchClient.email(prefix, i),
        "{\"formId\":\"bench\",\"fields\":{}}",
        prefix,
        rounds);
  }

  /**
   * SMS through the one-task journey of {@link Bench#deploySmsJourney} to mobiles {@code
   * +861<mobile..mobile+3>........} until each is {@code SENT} to the provider stub.
   */
  int sms(String prefix, int mobile, int n, List<Round> rounds) throws Exception {
    return sends(
        "sms",
        n,
        "custom.bench.sms",
        "cart-sms-video",
        i -> "\"phone\":\"+861" + (mobile + i % 4) + String.format("%08d", i) + "\"",
        "{}",
        prefix,
        rounds);
  }

  /**
   * Per round: events by REST with the executor running, until all are sent; the first round is the
   * baseline.
   */
  private int sends(
      String name,
      int n,
      String type,
      String template,
      IntFunction<String> identity,
      String properties,
      String prefix,
      List<Round> rounds)
      throws Exception {
    Double baseline = null;
    int total = 0;
    for (int round = 0; round < rounds.size(); round++) {
      Integer smtp = rounds.get(round).smtpConnections();
      long openedBefore = smtp == null ? 0 : smtp(smtp);
      int offset = round * n;
      long sentBefore = client.count(SENT, template);
      Timestamp since = client.now();
      double load = BenchResults.load();
      start(rounds.get(round));
      long t0 = System.nanoTime();
      double secs;
      try {
        client.post(
            n,
            2,
            i ->
                BenchClient.event(
                    prefix + "-" + (offset + i), type, identity.apply(offset + i), properties));
        client.await(
            limit,
            Bench.STALL,
            () -> client.diagnosis(since),
            c -> c >= sentBefore + n,
            SENT,
            template);
        secs = seconds(t0);
      } finally {
        stop();
      }
      if (smtp != null) {
        log.info(
            "{}: {} SMTP connections opened for {} emails",
            rounds.get(round).describe(),
            smtp(smtp) - openedBefore,
            n);
      }
      total += n;
      double rate = n / secs;
      baseline = baseline == null ? rate : baseline;
      results.add(
          new BenchResults.Row(
              name
                  + " end to end ("
                  + type
                  + " → "
                  + template
                  + "), "
                  + rounds.get(round).describe(),
              name + "/s",
              n,
              rate,
              rounds.get(0).describe(),
              baseline,
              rate / baseline,
              ">= 1,000/s",
              load,
              BenchResults.load(),
              secs));
    }
    assertThat(
            client.count(
                "select count(*) from (select contact_id from message where template = ?"
                    + " group by contact_id having count(*) > 1) twice",
                template))
        .as(name + " sent twice")
        .isZero();
    return total;
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
