package io.journeys.support;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.springframework.boot.test.autoconfigure.web.servlet.MockMvcBuilderCustomizer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * MockMvc calls of the embedded-shape slice tests authenticate as the demo admin ({@code
 * demo}/{@code demo}) through the real security filters, unless a test sets its own {@code
 * Authorization} header. They send {@code X-Requested-With} as a script would, which the cross-site
 * guard asks of form-typed posts with Basic credentials (its own tests leave it out).
 */
@TestConfiguration(proxyBeanMethods = false)
public class DemoAdminMockMvc {

  public static final String DEMO_ADMIN =
      "Basic " + Base64.getEncoder().encodeToString("demo:demo".getBytes(StandardCharsets.UTF_8));

  @Bean
  MockMvcBuilderCustomizer demoAdminByDefault() {
    return builder ->
        builder.defaultRequest(
            MockMvcRequestBuilders.get("/")
                .header(HttpHeaders.AUTHORIZATION, DEMO_ADMIN)
                // as a script would, so that form-typed posts with Basic pass the CSRF guard
                .header("X-Requested-With", "journeys-test"));
  }
}
