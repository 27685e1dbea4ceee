package io.journeys.scoring;

import io.journeys.support.DemoAdminMockMvc;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The whole application on the embedded shape (H2 of its own), the tag worker and the model poll
 * off so that tests drive scoring and tags themselves.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
    properties = {
      "spring.datasource.url=jdbc:h2:mem:journeys-scoring-tests;DB_CLOSE_DELAY=-1",
      "camunda.bpm.job-execution.enabled=false",
      "journeys.tags.worker=false",
      "journeys.scoring.model-poll=PT24H"
    })
@AutoConfigureMockMvc
@Import(DemoAdminMockMvc.class)
@interface ScoringSpringTest {}
