package io.journeys.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.KafkaListenerConfigUtils;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The real peers of the integration tests, started once per test JVM: PostgreSQL (embedded
 * binaries), Kafka (KRaft), SMTP (GreenMail) and an HTTP stub (WireMock).
 *
 * <p>They stop after the last Spring test context that uses them has closed: each context holds a
 * lease, and its data source and Kafka listeners depend on that lease, so the engine and the
 * consumers shut down while the database and broker are still there.
 */
public final class TestComponents {

  static final EmbeddedPostgres postgres = startPostgres();
  static final EmbeddedKafkaKraftBroker kafka = startKafka();
  static final GreenMail greenMail = startGreenMail();
  static final WireMockServer http = startHttp();
  static final int serverPort = freePort();

  private static final AtomicInteger leases = new AtomicInteger();
  private static volatile boolean stopped;

  static {
    // fallback for a JVM that exits without having closed its contexts
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (leases.get() == 0) {
                    stop();
                  }
                }));
  }

  private TestComponents() {}

  static synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    http.stop();
    greenMail.stop();
    kafka.destroy();
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("embedded PostgreSQL did not stop", e);
    }
  }

  /** Registered in every integration-test context; see the class comment. */
  @TestConfiguration(proxyBeanMethods = false)
  @org.springframework.context.annotation.Import(io.journeys.channel.OutboxAccess.class)
  static class Lease {

    static final String BEAN = "integrationTestComponentsLease";

    @Bean(BEAN)
    DisposableBean integrationTestComponentsLease() {
      leases.incrementAndGet();
      return () -> {
        if (leases.decrementAndGet() == 0) {
          stop();
        }
      };
    }

    /** Crash injection between provider call and outbox mark (see {@link DeliveryFaults}). */
    @Bean
    DeliveryFaults deliveryFaults(org.springframework.jdbc.core.JdbcTemplate jdbc) {
      return new DeliveryFaults(jdbc);
    }

    @Bean
    static BeanFactoryPostProcessor closeBeforeComponents() {
      return beanFactory -> {
        for (String name :
            new String[] {
              "dataSource", KafkaListenerConfigUtils.KAFKA_LISTENER_ENDPOINT_REGISTRY_BEAN_NAME
            }) {
          if (beanFactory.containsBeanDefinition(name)) {
            BeanDefinition definition = beanFactory.getBeanDefinition(name);
            String[] dependsOn = definition.getDependsOn();
            String[] extended =
                dependsOn == null
                    ? new String[1]
                    : java.util.Arrays.copyOf(dependsOn, dependsOn.length + 1);
            extended[extended.length - 1] = BEAN;
            definition.setDependsOn(extended);
          }
        }
      };
    }
  }

  private static EmbeddedPostgres startPostgres() {
    try {
      return EmbeddedPostgres.builder().setRegisterShutdownHook(false).start();
    } catch (IOException e) {
      throw new UncheckedIOException("embedded PostgreSQL did not start", e);
    }
  }

  private static EmbeddedKafkaKraftBroker startKafka() {
    EmbeddedKafkaKraftBroker broker =
        new EmbeddedKafkaKraftBroker(1, 2, "journeys.events", "journeys.events-dlt");
    broker.afterPropertiesSet();
    return broker;
  }

  /** On a port of its own, so that a fault suite can stop it and start it again on that port. */
  private static GreenMail startGreenMail() {
    GreenMail mail =
        new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    mail.start();
    return mail;
  }

  private static WireMockServer startHttp() {
    WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    server.start();
    return server;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
