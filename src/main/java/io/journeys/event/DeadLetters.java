package io.journeys.event;

import io.micrometer.core.instrument.Counter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * Publishes refused records of the events topic to the dead-letter topic: the original key, bytes
 * and headers, plus {@value KafkaIntakeConfiguration#REASON_HEADER} (why) and Spring Kafka's {@code
 * kafka_dlt-original-*} (topic, partition, offset, timestamp, group; by these a reader can drop the
 * copy a crash between publishing and the offset commit repeats) and {@code kafka_dlt-exception-*}
 * headers (class and message, as its error handler wrote them before). Waits until the broker has
 * them all.
 */
class DeadLetters {

  /** A refused record and the reason it was refused. */
  record DeadLetter(ConsumerRecord<String, byte[]> record, String reason) {}

  private final KafkaTemplate<String, byte[]> template;
  private final String topic;
  private final Counter published;

  DeadLetters(KafkaTemplate<String, byte[]> template, String topic, Counter published) {
    this.template = template;
    this.topic = topic;
    this.published = published;
  }

  /** Publishes {@code letters} in order and answers once the broker has acknowledged each. */
  void publish(List<DeadLetter> letters) {
    if (letters.isEmpty()) {
      return;
    }
    List<CompletableFuture<?>> sent = new ArrayList<>(letters.size());
    for (DeadLetter letter : letters) {
      ConsumerRecord<String, byte[]> r = letter.record();
      RecordHeaders headers = new RecordHeaders();
      for (Header h : r.headers()) {
        headers.add(h);
      }
      headers.add(
          KafkaIntakeConfiguration.REASON_HEADER, letter.reason().getBytes(StandardCharsets.UTF_8));
      headers.add(KafkaHeaders.DLT_ORIGINAL_TOPIC, utf8(r.topic()));
      headers.add(
          KafkaHeaders.DLT_ORIGINAL_PARTITION,
          ByteBuffer.allocate(Integer.BYTES).putInt(r.partition()).array());
      headers.add(
          KafkaHeaders.DLT_ORIGINAL_OFFSET,
          ByteBuffer.allocate(Long.BYTES).putLong(r.offset()).array());
      headers.add(
          KafkaHeaders.DLT_ORIGINAL_TIMESTAMP,
          ByteBuffer.allocate(Long.BYTES).putLong(r.timestamp()).array());
      headers.add(KafkaHeaders.DLT_ORIGINAL_TIMESTAMP_TYPE, utf8(r.timestampType().toString()));
      headers.add(KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP, utf8(KafkaIntakeConfiguration.GROUP));
      headers.add(KafkaHeaders.DLT_EXCEPTION_FQCN, utf8(RejectedEventException.class.getName()));
      headers.add(KafkaHeaders.DLT_EXCEPTION_MESSAGE, utf8(letter.reason()));
      sent.add(template.send(new ProducerRecord<>(topic, null, r.key(), r.value(), headers)));
    }
    template.flush();
    try {
      for (CompletableFuture<?> f : sent) {
        f.get(60, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted while dead-lettering", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new KafkaException("dead-letter topic unreachable", e);
    }
    published.increment(letters.size());
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
