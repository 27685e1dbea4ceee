package io.journeys.event;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when {@code journeys.kafka.bootstrap-servers} is set: only then do Kafka consumers,
 * producers and topics exist. Without it, events are handled in-process and nothing connects to a
 * broker.
 */
public class KafkaEnabled implements Condition {

  public static final String PROPERTY = "journeys.kafka.bootstrap-servers";

  @Override
  public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
    return StringUtils.hasText(context.getEnvironment().getProperty(PROPERTY));
  }
}
