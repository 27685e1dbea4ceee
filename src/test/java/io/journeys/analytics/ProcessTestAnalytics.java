package io.journeys.analytics;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.journeys.channel.MessageStatusChanged;
import io.journeys.config.EngineClock;
import io.journeys.event.StoredEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.LocalDate;
import javax.sql.DataSource;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Analytics' real engine plugin for the process tests' engine ({@code
 * camunda-process-test.cfg.xml}): node visits, journey entries, goals and holdouts are written to
 * the engine's database in the step's transaction, as in production.
 */
public final class ProcessTestAnalytics {

  private ProcessTestAnalytics() {}

  /** {@link AnalyticsEnginePlugin} over {@code dataSource}, no global control group. */
  public static ProcessEnginePlugin enginePlugin(DataSource dataSource) {
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    StaticListableBeanFactory beans = new StaticListableBeanFactory();
    beans.addBean("flowStore", new FlowStore(jdbc, new DailyRollup(jdbc)));
    beans.addBean("holdouts", new Holdouts(jdbc, 0));
    beans.addBean("meters", new SimpleMeterRegistry());
    return new AnalyticsEnginePlugin(
        beans.getBeanProvider(FlowStore.class),
        beans.getBeanProvider(Holdouts.class),
        beans.getBeanProvider(MeterRegistry.class),
        beans.getBeanProvider(Recording.class));
  }

  /**
   * Analytics' listeners and reports over the process tests' database: what the application's event
   * publisher would hand to analytics ({@link Recorder#accept}: message statuses and stored events,
   * so message lifecycle and goals record them) and the REST documents of the funnel, the channel
   * metrics and an experiment, as the API answers them.
   */
  public static Recorder recorder(DataSource dataSource) {
    return new Recorder(new JdbcTemplate(dataSource));
  }

  /** The "A/B split" delegate ({@code abSplitDelegate}) over {@code dataSource}. */
  public static JavaDelegate abSplitDelegate(DataSource dataSource) {
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    return new AbSplitDelegate(new Experiments(jdbc, new FlowStore(jdbc, new DailyRollup(jdbc))));
  }

  /** The arm a contact gets in an experiment (deterministic; nothing recorded). */
  public static String arm(
      DataSource dataSource, String experiment, String contactId, String arms) {
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    return new Experiments(jdbc, new FlowStore(jdbc, new DailyRollup(jdbc)))
        .peek(experiment, contactId, Experiments.parseArms(arms));
  }

  /** See {@link #recorder}. */
  public static final class Recorder {
    private final MessageLifecycle messages;
    private final Goals goals;
    private final FunnelController funnel;
    private final ChannelMetricsController metrics;
    private final ExperimentReport experiments;
    private final ObjectMapper json =
        JsonMapper.builder()
            .findAndAddModules()
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    Recorder(JdbcTemplate jdbc) {
      DailyRollup rollup = new DailyRollup(jdbc);
      SimpleMeterRegistry meters = new SimpleMeterRegistry();
      Recording recording = new Recording(true);
      FlowStore flows = new FlowStore(jdbc, rollup);
      messages = new MessageLifecycle(jdbc, rollup, meters, recording, flows);
      goals = new Goals(jdbc, rollup, meters, recording, flows);
      funnel = new FunnelController(new Funnel(jdbc), EngineClock.UTC);
      metrics = new ChannelMetricsController(new ChannelMetrics(jdbc), EngineClock.UTC);
      experiments = new ExperimentReport(jdbc, new Experiments(jdbc, flows));
    }

    /**
     * A published event: message statuses and stored events go where the application sends them.
     */
    public void accept(Object event) {
      if (event instanceof MessageStatusChanged change) {
        messages.on(change);
      } else if (event instanceof StoredEvent stored) {
        messages.on(stored);
        goals.on(stored);
      }
    }

    /** {@code GET /api/journeys/{key}/funnel?from=&to=}. */
    public JsonNode funnel(String journey, LocalDate from, LocalDate to) {
      return json.valueToTree(funnel.funnel(journey, from.toString(), to.toString(), null));
    }

    /** {@code GET /api/analytics/channel-metrics?interval=total&groupBy=&journey=}. */
    public JsonNode channelMetrics(String journey, LocalDate from, LocalDate to, String groupBy) {
      return json.valueToTree(
          metrics.channelMetrics(
              from.toString(), to.toString(), "total", groupBy, journey, null, null, null));
    }

    /** {@code GET /api/experiments/{key}}; an empty object before the first assignment (404). */
    public JsonNode experiment(String key) {
      try {
        return json.valueToTree(experiments.experiment(key));
      } catch (io.journeys.web.ApiException e) {
        if (e.status() == org.springframework.http.HttpStatus.NOT_FOUND) {
          return json.createObjectNode();
        }
        throw e;
      }
    }
  }
}
