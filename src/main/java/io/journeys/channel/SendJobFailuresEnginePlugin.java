package io.journeys.channel;

import java.util.Date;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.JobRetryCmd;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.jobexecutor.DefaultFailedJobCommandFactory;
import org.camunda.bpm.engine.impl.jobexecutor.FailedJobCommandFactory;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.springframework.stereotype.Component;

/**
 * The engine's one failed-job command factory (an engine has exactly one; this plugin installs it,
 * wrapping the factory configured before as the last resort). After a job's transaction rolled
 * back, the engine runs the command chosen here, in this order:
 *
 * <ol>
 *   <li>a deferral ({@link SendDeferredException} anywhere in the cause chain, any job: the step
 *       job of a channel task whose message the send rules defer to the end of quiet hours): {@link
 *       Reschedule} moves the job's due date, keeps its retries, raises no incident;
 *   <li>a dispatch job ({@link DispatchJobsEnginePlugin}) whose delivery is in doubt ({@link
 *       DeliveryInDoubtException}): an incident at once, no retry ({@link DispatchRetries.Retry});
 *   <li>any other failure of a dispatch job: the retry cycle of its channel task, then an incident
 *       ({@link DispatchRetries.Retry});
 *   <li>every other job: Camunda's default handling (the factory configured before).
 * </ol>
 *
 * <p>A deferral comes first because it is not a failure: it must never use up a retry, whichever
 * job throws it. Why a deferral is handled here and not by a timer in the models or by {@code
 * ManagementService.setJobDuedate} from the delegate: the models must not change, and a due date
 * set inside the job's transaction is rolled back with it.
 */
@Component
class SendJobFailuresEnginePlugin extends AbstractProcessEnginePlugin {

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    configuration.setFailedJobCommandFactory(
        new Factory(configuration.getFailedJobCommandFactory()));
  }

  /** The order above; {@code fallback} handles every job that is not ours. */
  static final class Factory implements FailedJobCommandFactory {

    private final FailedJobCommandFactory fallback;

    Factory(FailedJobCommandFactory fallback) {
      this.fallback = fallback == null ? new DefaultFailedJobCommandFactory() : fallback;
    }

    @Override
    public Command<Object> getCommand(String jobId, Throwable exception) {
      SendDeferredException deferred = cause(exception, SendDeferredException.class);
      if (deferred != null) {
        return new Reschedule(jobId, deferred);
      }
      // whether the job is a dispatch job is known only when the command reads it
      return new DispatchRetries.Retry(
          jobId,
          exception,
          cause(exception, DeliveryInDoubtException.class) != null,
          fallback.getCommand(jobId, exception));
    }
  }

  static <T extends Throwable> T cause(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  /** Moves the job's due date to the end of the deferral; retries stay as they are. */
  static final class Reschedule extends JobRetryCmd {

    private final transient SendDeferredException deferral;

    Reschedule(String jobId, SendDeferredException deferral) {
      super(jobId, deferral);
      this.deferral = deferral;
    }

    @Override
    public Object execute(CommandContext commandContext) {
      JobEntity job = getJob();
      if (job != null) {
        job.unlock();
        job.setDuedate(Date.from(deferral.until()));
        notifyAcquisition(commandContext);
      }
      return null;
    }
  }
}
