package io.journeys.governance;

import io.journeys.channel.SendDeferredException;
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
 * Deferral without retries or incidents. A channel task whose message the send rules defer
 * throws {@link SendDeferredException}; its job transaction rolls back (the journey stays before
 * the task). The engine then runs the failed-job command of this factory in a new transaction:
 * for a deferral it only unlocks the job and sets its due date to the deferral's end, keeping its
 * retries, so the job executor picks it up again then; every other failure goes to Camunda's
 * default handling (retry cycle, then incident).
 *
 * <p>Why this and not the alternatives: the BPMN models must not change (no timer before each
 * send); {@code ManagementService.setJobDuedate} from the delegate would be rolled back with the
 * job's transaction; a retry cycle would use up retries and end in an incident at night.
 */
@Component
class DeferredSendJobs extends AbstractProcessEnginePlugin {

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    FailedJobCommandFactory fallback = configuration.getFailedJobCommandFactory() == null
        ? new DefaultFailedJobCommandFactory() : configuration.getFailedJobCommandFactory();
    configuration.setFailedJobCommandFactory(new Factory(fallback));
  }

  /** Reschedules deferred sends; hands every other failure to {@code fallback}. */
  static final class Factory implements FailedJobCommandFactory {

    private final FailedJobCommandFactory fallback;

    Factory(FailedJobCommandFactory fallback) {
      this.fallback = fallback;
    }

    @Override
    public Command<Object> getCommand(String jobId, Throwable exception) {
      SendDeferredException deferred = deferral(exception);
      return deferred == null
          ? fallback.getCommand(jobId, exception)
          : new Reschedule(jobId, deferred);
    }

    private static SendDeferredException deferral(Throwable e) {
      for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
        if (t instanceof SendDeferredException d) {
          return d;
        }
      }
      return null;
    }
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
