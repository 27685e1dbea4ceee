package io.journeys.analytics;

import org.springframework.context.ApplicationContext;

/** For the benchmark: turns analytics recording off and on in a running application. */
public final class RecordingAccess {

  private RecordingAccess() {}

  public static void set(ApplicationContext app, boolean on) {
    app.getBean(Recording.class).set(on);
  }
}
