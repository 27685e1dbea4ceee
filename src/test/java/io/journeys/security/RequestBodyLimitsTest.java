package io.journeys.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** Finding 4: which bodies are capped, and how. */
class RequestBodyLimitsTest {

  private final RequestBodyLimits limits = new RequestBodyLimits(new ObjectMapper());

  private MockHttpServletResponse post(
      String path, String type, long length, AtomicReference<HttpServletRequest> passed)
      throws Exception {
    MockHttpServletRequest request =
        new MockHttpServletRequest("POST", path) {
          @Override
          public long getContentLengthLong() {
            return length;
          }
        };
    request.setContentType(type);
    MockHttpServletResponse response = new MockHttpServletResponse();
    limits.doFilter(request, response, (req, res) -> passed.set((HttpServletRequest) req));
    return response;
  }

  @Test
  void largeMultipartOnlyOnImports() throws Exception {
    AtomicReference<HttpServletRequest> passed = new AtomicReference<>();
    long big = RequestBodyLimits.MULTIPART_MAX + 1;
    assertThat(
            post("/engine-rest/deployment/create", "multipart/form-data; boundary=x", big, passed)
                .getStatus())
        .isEqualTo(413);
    assertThat(passed).hasNullValue();
    assertThat(
            post("/api/imports", "multipart/form-data; boundary=x", 400L << 20, passed).getStatus())
        .isEqualTo(200);
    assertThat(passed).doesNotHaveNullValue();
    passed.set(null);
    assertThat(post("/api/events", "application/json", big, passed).getStatus()).isEqualTo(200);
    assertThat(passed).doesNotHaveNullValue();
  }

  @Test
  void aChunkedPublicBodyFailsToReadPastTheCap() throws Exception {
    MockHttpServletRequest request =
        new MockHttpServletRequest("POST", "/hooks/test") {
          @Override
          public long getContentLengthLong() {
            return -1; // chunked
          }
        };
    request.setContent(new byte[(int) RequestBodyLimits.PUBLIC_MAX + 10]);
    AtomicReference<HttpServletRequest> passed = new AtomicReference<>();
    limits.doFilter(
        request, new MockHttpServletResponse(), (req, res) -> passed.set((HttpServletRequest) req));
    assertThatThrownBy(() -> passed.get().getInputStream().readAllBytes())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("larger than 65536 bytes");
  }
}
