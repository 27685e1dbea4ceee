package io.journeys.channel;

import java.util.ArrayList;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.jobexecutor.JobHandler;
import org.camunda.bpm.engine.impl.jobexecutor.JobHandlerConfiguration;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.impl.persistence.entity.MessageEntity;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The outbox's dispatcher is Camunda's job executor: a channel task creates one dispatch job per
 * queued message in its own transaction (configuration = message id), bound to the task's
 * execution, which waits for it. The job executor acquires it on one node (cluster-safe, like any
 * job), {@link MessageDispatcher} delivers, and the job then moves the journey on. A failure uses
 * the task's retry cycle ({@link SendJobFailuresEnginePlugin}) and ends in an incident on the task
 * in Cockpit, where Retry delivers again. A dispatch job deleted before it ran (the journey was
 * cancelled: a goal reached, the contact erased, an operator) cancels its message in the same
 * transaction.
 */
@Component
class DispatchJobsEnginePlugin extends AbstractProcessEnginePlugin {

  static final String TYPE = "journeys-message-dispatch";

  private final ObjectProvider<MessageDispatcher> dispatcher;
  private final ObjectProvider<MessageStore> store;

  DispatchJobsEnginePlugin(
      ObjectProvider<MessageDispatcher> dispatcher, ObjectProvider<MessageStore> store) {
    this.dispatcher = dispatcher;
    this.store = store;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    if (configuration.getCustomJobHandlers() == null) {
      configuration.setCustomJobHandlers(new ArrayList<>());
    }
    configuration.getCustomJobHandlers().add(new Handler());
  }

  /** Creates the dispatch job of {@code messageId} in the current engine command. */
  void schedule(ExecutionEntity execution, String messageId) {
    MessageEntity job = new MessageEntity();
    job.setJobHandlerType(TYPE);
    job.setJobHandlerConfigurationRaw(messageId);
    job.setExecution(execution);
    job.setActivityId(execution.getCurrentActivityId());
    job.setProcessDefinitionId(execution.getProcessDefinitionId());
    job.setProcessDefinitionKey(execution.getProcessDefinition().getKey());
    job.setDeploymentId(execution.getProcessDefinition().getDeploymentId());
    job.setTenantId(execution.getTenantId());
    job.setExclusive(true);
    Context.getCommandContext().getJobManager().send(job);
  }

  record Config(String messageId) implements JobHandlerConfiguration {
    @Override
    public String toCanonicalString() {
      return messageId;
    }
  }

  /** Delivers, then signals the waiting channel task so the journey goes on. */
  final class Handler implements JobHandler<Config> {

    @Override
    public String getType() {
      return TYPE;
    }

    @Override
    public void execute(
        Config config, ExecutionEntity execution, CommandContext commandContext, String tenantId) {
      dispatcher.getObject().deliver(config.messageId());
      if (execution != null) {
        execution.signal(null, null);
      }
    }

    @Override
    public Config newConfiguration(String canonicalString) {
      return new Config(canonicalString);
    }

    @Override
    public void onDelete(Config config, JobEntity job) {
      // after a delivery the row is SENT and this changes nothing; before it, the journey was
      // cancelled and so is the message (in the transaction that cancels the journey)
      store.getObject().cancel(config.messageId(), "journey ended before delivery");
    }
  }
}
