package io.journeys.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.journeys.bench.BenchExecutor.Round;
import io.journeys.bench.BenchExecutor.Settings;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sends (issue 14): emails end to end ({@code form.submitted} by REST → welcome email at the SMTP
 * server) and SMS through the outbox to the provider stub answering in 50 ms, with the job executor
 * running; the settings before this work are the baseline. Fails when a message was sent twice or
 * the provider was called more than once per SMS.
 */
@ExtendWith(BenchExtension.class)
@Order(5)
class SendsBenchmark {

  @Test
  void emailsEndToEnd(Bench bench) throws Exception {
    int before = bench.peers.mail.getReceivedMessages().length;
    int sent =
        bench.rounds.emails(
            "f",
            Bench.size("emails", 20_000),
            List.of(
                new Round(Settings.BEFORE, 0),
                new Round(Bench.TUNED, 0),
                new Round(Bench.TUNED, Bench.SMTP_CONNECTIONS)));
    assertThat(bench.peers.mail.getReceivedMessages()).hasSize(before + sent);
  }

  @Test
  void smsToSlowProvider(Bench bench) throws Exception {
    bench.deploySmsJourney();
    int n =
        bench.rounds.sms(
            "m",
            86,
            Bench.size("sms", 20_000),
            List.of(new Round(Settings.BEFORE, null), new Round(Bench.TUNED, null)));
    assertThat(
            bench
                .peers
                .http
                .countRequestsMatching(
                    WireMock.postRequestedFor(WireMock.urlEqualTo(BenchPeers.SMS_PATH)).build())
                .getCount())
        .as("one provider call per SMS")
        .isEqualTo(n);
  }
}
