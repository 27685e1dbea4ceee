package io.journeys.analytics;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Whether analytics records at all ({@code journeys.analytics.recording}, default true). Off, the
 * engine plugin, the message lifecycle and goals write nothing (the reports then miss what happened
 * meanwhile); the benchmark turns it off and on in one run to measure what recording costs.
 */
@Component
class Recording {

  private volatile boolean on;

  Recording(@Value("${journeys.analytics.recording:true}") boolean on) {
    this.on = on;
  }

  boolean on() {
    return on;
  }

  void set(boolean on) {
    this.on = on;
  }
}
