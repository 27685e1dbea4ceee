package io.journeys.web;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.camunda.bpm.engine.OptimisticLockingException;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

/** Concurrent-change failures answer 409 with a retry hint; other faults stay a bare 500. */
class ApiExceptionHandlerTest {

  @RestController
  static class Failing {
    @PutMapping("/fail/{kind}")
    void fail(@PathVariable String kind) {
      switch (kind) {
        case "engine" ->
            throw new OptimisticLockingException(
                "ENGINE-03005 Execution of 'DELETE ExecutionEntity[pi-1]' failed. Entity was updated"
                    + " by another transaction concurrently.");
        case "lock" -> throw new CannotAcquireLockException("deadlock detected on contact c-1");
        default -> throw new DataIntegrityViolationException("secret detail c-1@example.com");
      }
    }
  }

  private final MockMvc mvc =
      MockMvcBuilders.standaloneSetup(new Failing())
          .setControllerAdvice(new ApiExceptionHandler())
          .build();

  @Test
  void aClashWithAConcurrentChangeIs409WithoutItsDetails() throws Exception {
    for (String kind : new String[] {"engine", "lock"}) {
      mvc.perform(put("/fail/" + kind))
          .andExpect(status().isConflict())
          .andExpect(header().string("Retry-After", "1"))
          .andExpect(jsonPath("$.error").value("concurrent change"))
          .andExpect(jsonPath("$.details[0]", Matchers.not(Matchers.containsString("c-1"))))
          .andExpect(jsonPath("$.details[0]", Matchers.not(Matchers.containsString("ENGINE"))));
    }
  }

  @Test
  void anyOtherFaultIsABare500() throws Exception {
    mvc.perform(put("/fail/other"))
        .andExpect(status().isInternalServerError())
        .andExpect(jsonPath("$.error").value("internal error"))
        .andExpect(jsonPath("$.details", Matchers.empty()));
  }
}
