package io.journeys;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Journeys: marketing journeys as BPMN processes on Camunda 7. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class JourneysApplication {

  public static void main(String[] args) {
    SpringApplication.run(JourneysApplication.class, args);
  }
}
