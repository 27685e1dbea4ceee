package io.journeys.journey;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Retries the correlation of events kept in {@link PendingCorrelations}, one transaction each. */
@Component
class CorrelationRetrier {

  private static final Logger log = LoggerFactory.getLogger(CorrelationRetrier.class);

  private final PendingCorrelations pending;
  private final JourneyCorrelator correlator;
  private final TransactionTemplate tx;

  CorrelationRetrier(
      PendingCorrelations pending,
      JourneyCorrelator correlator,
      PlatformTransactionManager transactions) {
    this.pending = pending;
    this.correlator = correlator;
    this.tx = new TransactionTemplate(transactions);
  }

  @Scheduled(fixedDelayString = "${journeys.correlation.retry-poll:PT1S}")
  void retryDue() {
    for (String eventId : pending.due(100)) {
      tx.executeWithoutResult(status -> retry(eventId));
    }
  }

  private void retry(String eventId) {
    PendingCorrelations.Pending event = pending.claim(eventId);
    if (event == null) {
      return;
    }
    int reached =
        correlator.correlateWaiting(event.type(), event.contactId(), event.processInstanceId());
    if (reached > 0) {
      log.debug(
          "event {} ({}) reached {} execution(s) on attempt {}",
          eventId,
          event.type(),
          reached,
          event.attempts() + 1);
    } else if (correlator.awaitedBySuspended(
        event.type(), event.contactId(), event.processInstanceId())) {
      // its journey is paused: keep it until the journey resumes (or is stopped)
      pending.postpone(event);
    } else if (!pending.retryAgain(event)) {
      log.info(
          "event {} ({}) reached no journey before its retry window ended", eventId, event.type());
    }
  }
}
