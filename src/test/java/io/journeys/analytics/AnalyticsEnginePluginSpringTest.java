package io.journeys.analytics;

import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.spring.SpringProcessEngineConfiguration;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * {@link AnalyticsEnginePluginTest}'s journeys and hand-computed figures with the engine's commands
 * in Spring transactions, as in the application: the store keeps each transaction's entries and
 * visits in memory and writes them, in batches, before it commits; the figures must not change.
 */
class AnalyticsEnginePluginSpringTest extends AnalyticsEnginePluginTest {

  @Override
  ProcessEngineConfigurationImpl configuration(AnalyticsFixtures store) {
    SpringProcessEngineConfiguration config = new SpringProcessEngineConfiguration();
    config.setDataSource(store.dataSource);
    config.setTransactionManager(new DataSourceTransactionManager(store.dataSource));
    return config;
  }
}
