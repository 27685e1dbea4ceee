package io.journeys.channel;

import org.camunda.bpm.engine.impl.cmd.DefaultJobRetryCmd;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;

/**
 * Failed dispatch jobs (steps 2 and 3 of {@link SendJobFailuresEnginePlugin}): Camunda's default
 * retry handling reads the retry cycle only for its own job types, so a failed dispatch job takes
 * the retry cycle of the channel task it belongs to ({@code camunda:failedJobRetryTimeCycle}, e.g.
 * {@code R3/PT5M}) and ends in an incident; a delivery in doubt ({@link DeliveryInDoubtException})
 * is not retried at all: an incident at once, for an operator to decide. Other jobs go to the
 * factory configured before.
 */
final class DispatchRetries {

  private DispatchRetries() {}

  /** The retry cycle of the task; no retry for a delivery in doubt. */
  static final class Retry extends DefaultJobRetryCmd {

    private final boolean inDoubt;
    private final transient Command<Object> otherJobs;

    Retry(String jobId, Throwable exception, boolean inDoubt, Command<Object> otherJobs) {
      super(jobId, exception);
      this.inDoubt = inDoubt;
      this.otherJobs = otherJobs;
    }

    @Override
    public Object execute(CommandContext commandContext) {
      JobEntity job = getJob();
      if (job == null || !DispatchJobsEnginePlugin.TYPE.equals(job.getJobHandlerType())) {
        return otherJobs.execute(commandContext);
      }
      if (inDoubt) {
        job.unlock();
        logException(job);
        job.setRetries(1);
        decrementRetries(job);
        notifyAcquisition(commandContext);
        return null;
      }
      return super.execute(commandContext);
    }

    @Override
    public ActivityImpl getCurrentActivity(CommandContext commandContext, JobEntity job) {
      ProcessDefinitionEntity definition =
          Context.getProcessEngineConfiguration()
              .getDeploymentCache()
              .findDeployedProcessDefinitionById(job.getProcessDefinitionId());
      return definition == null ? null : definition.findActivity(job.getActivityId());
    }
  }
}
