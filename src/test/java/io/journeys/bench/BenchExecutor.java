package io.journeys.bench;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.ProcessEngineImpl;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.DefaultJobExecutor;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;

/**
 * Starts and stops the engine's job executor with the settings under measurement. They are the ones
 * of {@code camunda.bpm.job-execution.*} in application.yaml: jobs per acquisition, the
 * acquisition's idle wait, and the thread pool (core, max, queue).
 */
final class BenchExecutor {

  /** One set of job executor settings. */
  record Settings(
      String name,
      int perAcquisition,
      int waitMillis,
      int core,
      int max,
      int queue,
      boolean byDueDate) {

    Settings(String name, int perAcquisition, int waitMillis, int core, int max, int queue) {
      this(name, perAcquisition, waitMillis, core, max, queue, false);
    }

    /**
     * These settings, acquiring the jobs due first ({@code jobExecutorAcquireByDueDate}, every new
     * job with a due date: {@code ensureJobDueDateNotNull}), by the index of V99.
     */
    Settings acquiringByDueDate() {
      return new Settings(
          name + ", acquired by due date", perAcquisition, waitMillis, core, max, queue, true);
    }

    /** Camunda 7.24's own defaults. */
    static final Settings CAMUNDA_DEFAULTS =
        new Settings(
            "Camunda defaults (3 jobs/acquisition, pool 3-10, queue 3)", 3, 5000, 3, 10, 3);

    /** application.yaml before this work: 30 jobs per acquisition, the starter's pool. */
    static final Settings BEFORE =
        new Settings(
            "application.yaml before (30 jobs/acquisition, pool 3-10, queue 3)",
            30,
            5000,
            3,
            10,
            3);

    String describe() {
      return name;
    }
  }

  /**
   * Job executor settings, kept SMTP connections (null: not an email scenario; 0: off), and on how
   * many app nodes the executor runs.
   */
  record Round(Settings settings, Integer smtpConnections, int nodes) {

    Round(Settings settings, Integer smtpConnections) {
      this(settings, smtpConnections, 1);
    }

    String describe() {
      return settings.describe()
          + (smtpConnections == null
              ? ""
              : smtpConnections == 0
                  ? ", an SMTP connection per email"
                  : ", " + smtpConnections + " kept SMTP connections")
          + (nodes == 1 ? "" : ", " + nodes + " app nodes");
    }
  }

  private final ProcessEngineConfigurationImpl configuration;
  private final DefaultJobExecutor executor;

  BenchExecutor(ProcessEngine engine) {
    this.configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    JobExecutor jobExecutor = configuration.getJobExecutor();
    if (!(jobExecutor instanceof DefaultJobExecutor defaultExecutor)) {
      throw new IllegalStateException("expected Camunda's DefaultJobExecutor, got " + jobExecutor);
    }
    this.executor = defaultExecutor;
    if (!executor.getProcessEngines().contains(engine)) {
      executor.registerProcessEngine((ProcessEngineImpl) engine);
    }
  }

  void start(Settings s) {
    stop();
    executor.setMaxJobsPerAcquisition(s.perAcquisition());
    executor.setWaitTimeInMillis(s.waitMillis());
    executor.setCorePoolSize(s.core());
    executor.setMaxPoolSize(s.max());
    executor.setQueueSize(s.queue());
    configuration.setJobExecutorAcquireByDueDate(s.byDueDate());
    configuration.setEnsureJobDueDateNotNull(s.byDueDate());
    executor.start();
  }

  void stop() {
    if (executor.isActive()) {
      executor.shutdown();
    }
  }
}
