package io.journeys.analytics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import javax.sql.DataSource;
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
}
