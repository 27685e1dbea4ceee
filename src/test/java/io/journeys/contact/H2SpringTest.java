package io.journeys.contact;

import io.journeys.support.DemoAdminMockMvc;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.event.RecordApplicationEvents;

/**
 * The whole application on the embedded shape with an in-memory H2 database, shared by the contact
 * and event slice tests (one cached context), with MockMvc (authenticated as the demo admin) and
 * recorded application events.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
    properties = {
      "spring.datasource.url=jdbc:h2:mem:journeys-data-tests;DB_CLOSE_DELAY=-1",
      "camunda.bpm.job-execution.enabled=false",
      // rule-driven tags change no contact behind a test's back; scoring tests drive them
      "journeys.tags.worker=false"
    })
@AutoConfigureMockMvc
@Import(DemoAdminMockMvc.class)
@RecordApplicationEvents
public @interface H2SpringTest {}
