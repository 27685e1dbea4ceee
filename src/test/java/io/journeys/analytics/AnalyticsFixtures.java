package io.journeys.analytics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Analytics' beans over a fresh, migrated H2 database (no Spring context). */
final class AnalyticsFixtures {

  final DataSource dataSource;
  final JdbcTemplate jdbc;
  final DailyRollup rollup;
  final FlowStore flows;
  final MessageLifecycle messages;
  final Goals goals;
  final Funnel funnel;
  final ChannelMetrics metrics;
  final Experiments experiments;
  final Attribution attribution;

  AnalyticsFixtures() {
    DriverManagerDataSource ds =
        new DriverManagerDataSource(
            "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    Flyway.configure().dataSource(ds).table("journeys_schema_history").load().migrate();
    dataSource = ds;
    jdbc = new JdbcTemplate(ds);
    rollup = new DailyRollup(jdbc);
    flows = new FlowStore(jdbc, rollup);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    Recording recording = new Recording(true);
    messages = new MessageLifecycle(jdbc, rollup, meters, recording, flows);
    goals = new Goals(jdbc, rollup, meters, recording, flows);
    funnel = new Funnel(jdbc);
    metrics = new ChannelMetrics(jdbc);
    experiments = new Experiments(jdbc, flows);
    attribution = new Attribution(jdbc);
  }

  /**
   * A journey with a goal ({@code order.placed} within 2 days): start, a review task that an
   * interrupting timer ends after an hour, a gateway on {@code ok}, three end events.
   */
  static String reviewJourney(String key, String name) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_1"
            targetNamespace="http://journeys.io/test">
          <bpmn:process id="%s" name="%s" isExecutable="true" camunda:historyTimeToLive="P1D">
            <bpmn:extensionElements>
              <camunda:properties>
                <camunda:property name="goal.event" value="order.placed" />
                <camunda:property name="goal.window" value="P2D" />
              </camunda:properties>
            </bpmn:extensionElements>
            <bpmn:startEvent id="StartEvent_Entered" />
            <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_Entered" targetRef="Task_Review" />
            <bpmn:userTask id="Task_Review" />
            <bpmn:boundaryEvent id="Event_Late" attachedToRef="Task_Review" cancelActivity="true">
              <bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:boundaryEvent>
            <bpmn:sequenceFlow id="Flow_Late" sourceRef="Event_Late" targetRef="EndEvent_Late" />
            <bpmn:endEvent id="EndEvent_Late" />
            <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_Review" targetRef="Gateway_Ok" />
            <bpmn:exclusiveGateway id="Gateway_Ok" />
            <bpmn:sequenceFlow id="Flow_Yes" sourceRef="Gateway_Ok" targetRef="EndEvent_Done">
              <bpmn:conditionExpression>${ok}</bpmn:conditionExpression>
            </bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="Flow_No" sourceRef="Gateway_Ok" targetRef="EndEvent_Rejected">
              <bpmn:conditionExpression>${!ok}</bpmn:conditionExpression>
            </bpmn:sequenceFlow>
            <bpmn:endEvent id="EndEvent_Done" />
            <bpmn:endEvent id="EndEvent_Rejected" />
          </bpmn:process>
        </bpmn:definitions>
        """
        .formatted(key, name);
  }
}
