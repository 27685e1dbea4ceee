package io.journeys.event;

import io.micrometer.core.instrument.Counter;
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

/**
 * Publishes refused records of the events topic to the dead-letter topic: the original key, bytes
 * and headers, plus {@value KafkaIntakeConfiguration#REASON_HEADER} (why) and {@value
 * #ORIGIN_HEADER} ({@code topic-partition@offset}, by which a reader can drop the copy a crash
 * between publishing and the offset commit repeats). Waits until the broker has them all.
 */
class DeadLetters {

  static final String ORIGIN_HEADER = "journeys-dlt-origin";

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
      headers.add(ORIGIN_HEADER, IntakeStall.position(r).getBytes(StandardCharsets.UTF_8));
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
}
