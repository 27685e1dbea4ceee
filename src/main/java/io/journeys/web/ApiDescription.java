package io.journeys.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The heading of the OpenAPI description that springdoc builds from the controllers under
 * {@code /api} ({@code /v3/api-docs}): title, the two ways to log in, and where the rest of the
 * public contract is written (docs/contract.md).
 */
@Configuration(proxyBeanMethods = false)
class ApiDescription {

  static final String BASIC = "basic";
  static final String TOKEN = "apiToken";

  @Bean
  OpenAPI journeysApi() {
    return new OpenAPI()
        .info(new Info()
            .title("Journeys REST API")
            .version("1")
            .description("The REST API under /api. Errors are {\"error\", \"details\"} with a 4xx status. "
                + "Events, public endpoints, Camunda, CRM sync and configuration: docs/contract.md."))
        .components(new Components()
            .addSecuritySchemes(BASIC, new SecurityScheme()
                .type(SecurityScheme.Type.HTTP).scheme("basic")
                .description("a Camunda user; its groups are its roles"))
            .addSecuritySchemes(TOKEN, new SecurityScheme()
                .type(SecurityScheme.Type.HTTP).scheme("bearer")
                .description("an API token jrn_… from POST /api/tokens")))
        .addSecurityItem(new SecurityRequirement().addList(BASIC))
        .addSecurityItem(new SecurityRequirement().addList(TOKEN));
  }
}
