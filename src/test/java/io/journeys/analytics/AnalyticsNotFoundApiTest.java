package io.journeys.analytics;

import static io.journeys.support.ErrorBodies.errorBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.journeys.contact.H2SpringTest;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A funnel of a journey analytics never saw and an experiment no contact was assigned to: 404 with
 * the whole error body on the API, empty through {@link AnalyticsReads} (the console).
 */
@H2SpringTest
class AnalyticsNotFoundApiTest {

  @Autowired MockMvc mvc;
  @Autowired AnalyticsReads reads;

  @Test
  void theFunnelOfAJourneyAnalyticsNeverSawIsNotFound() throws Exception {
    mvc.perform(get("/api/journeys/never-seen-journey/funnel"))
        .andExpect(status().isNotFound())
        .andExpect(errorBody("no journey 'never-seen-journey' in analytics"));
    LocalDate today = LocalDate.of(2026, 12, 1);
    assertThat(reads.funnel("never-seen-journey", today.minusDays(7), today)).isEmpty();
  }

  @Test
  void anExperimentWithoutAssignmentsIsNotFound() throws Exception {
    mvc.perform(get("/api/experiments/never-assigned"))
        .andExpect(status().isNotFound())
        .andExpect(errorBody("no experiment 'never-assigned' (no contact assigned yet)"));
    assertThat(reads.experiment("never-assigned")).isEmpty();
  }
}
