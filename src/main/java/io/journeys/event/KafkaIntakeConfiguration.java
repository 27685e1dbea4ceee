package io.journeys.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeys.config.EngineClock;
import io.journeys.config.JourneysProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer.HeaderNames.HeadersToAdd;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Kafka intake, only when {@code journeys.kafka.bootstrap-servers} is set: the events topic and its
 * dead-letter topic, a batch listener (group {@code journeys}) that publishes records that can
 * never be stored to the dead-letter topic itself (original bytes, a {@value #REASON_HEADER}
 * header; see {@link KafkaEventListener}), and an error handler that retries a failed batch with
 * back-off, without end (and dead-letters a record only if something but the listener refuses it).
 */
@Configuration(proxyBeanMethods = false)
@Conditional(KafkaEnabled.class)
class KafkaIntakeConfiguration {

  static final String CONTAINER_FACTORY = "journeysEventsContainerFactory";
  static final String GROUP = "journeys";
  public static final String REASON_HEADER = "journeys-dlt-reason";

  @Bean
  NewTopic journeysEventsTopic(
      JourneysProperties props, @Value("${journeys.kafka.partitions:6}") int partitions) {
    return TopicBuilder.name(props.kafka().eventsTopic()).partitions(partitions).build();
  }

  @Bean
  NewTopic journeysEventsDeadLetterTopic(
      JourneysProperties props, @Value("${journeys.kafka.partitions:6}") int partitions) {
    return TopicBuilder.name(props.kafka().deadLetterTopic()).partitions(partitions).build();
  }

  @Bean
  KafkaEventListener kafkaEventListener(
      EventIntake intake,
      ObjectMapper json,
      MeterRegistry meters,
      KafkaProperties kafka,
      SslBundles ssl,
      JourneysProperties props) {
    DeadLetters deadLetters =
        new DeadLetters(
            deadLetterTemplate(kafka, ssl, props),
            props.kafka().deadLetterTopic(),
            meters.counter("journeys.events.dead-lettered"));
    return new KafkaEventListener(
        intake, json, new IntakeStall(meters, EngineClock.UTC), deadLetters);
  }

  private static KafkaTemplate<String, byte[]> deadLetterTemplate(
      KafkaProperties kafka, SslBundles ssl, JourneysProperties props) {
    Map<String, Object> producer = new HashMap<>(kafka.buildProducerProperties(ssl));
    producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, props.kafka().bootstrapServers());
    producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(producer));
  }

  @Bean(CONTAINER_FACTORY)
  ConcurrentKafkaListenerContainerFactory<String, byte[]> journeysEventsContainerFactory(
      KafkaProperties kafka, SslBundles ssl, JourneysProperties props, MeterRegistry meters) {
    Map<String, Object> consumer = new HashMap<>(kafka.buildConsumerProperties(ssl));
    consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, props.kafka().bootstrapServers());
    consumer.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
    consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumer.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // bytes are taken as they are: a poison record can never fail deserialisation
    consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ErrorHandlingDeserializer.class);
    consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ErrorHandlingDeserializer.class);
    consumer.put(ErrorHandlingDeserializer.KEY_DESERIALIZER_CLASS, StringDeserializer.class);
    consumer.put(ErrorHandlingDeserializer.VALUE_DESERIALIZER_CLASS, ByteArrayDeserializer.class);

    KafkaTemplate<String, byte[]> deadLetters = deadLetterTemplate(kafka, ssl, props);

    ConcurrentKafkaListenerContainerFactory<String, byte[]> factory =
        new ConcurrentKafkaListenerContainerFactory<>();
    DefaultKafkaConsumerFactory<String, byte[]> consumers =
        new DefaultKafkaConsumerFactory<>(consumer);
    // the consumer's own metrics on the registry, among them the lag behind the topic
    // (kafka_consumer_fetch_manager_records_lag_max at /actuator/prometheus)
    consumers.addListener(new MicrometerConsumerListener<>(meters));
    factory.setConsumerFactory(consumers);
    factory.setBatchListener(true);
    factory.setCommonErrorHandler(
        errorHandler(
            deadLetters,
            props.kafka().deadLetterTopic(),
            meters.counter("journeys.events.dead-lettered")));
    return factory;
  }

  static DefaultErrorHandler errorHandler(
      KafkaTemplate<String, byte[]> template, String topic, Counter deadLettered) {
    DeadLetterPublishingRecoverer dlt =
        new DeadLetterPublishingRecoverer(
            template, (record, e) -> new TopicPartition(topic, -1)); // partition by key
    dlt.excludeHeader(HeadersToAdd.EX_STACKTRACE);
    dlt.setHeadersFunction((record, e) -> reasonHeader(e));
    ConsumerRecordRecoverer recoverer =
        (record, e) -> {
          dlt.accept(record, e);
          deadLettered.increment();
        };
    ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
    backOff.setMaxInterval(60_000); // transient failures are retried without end
    DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
    handler.addNotRetryableExceptions(RejectedEventException.class);
    handler.setLogLevel(KafkaException.Level.WARN); // a refused record is bad input, not our fault
    return handler;
  }

  private static Headers reasonHeader(Exception e) {
    Throwable t = e;
    while (t != null && !(t instanceof RejectedEventException)) {
      t = t.getCause();
    }
    String reason = t != null ? t.getMessage() : "processing failed";
    return new RecordHeaders().add(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
  }
}
