package io.journeys.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps request bodies before anything reads them (docs/hardening.md, finding 4): the public
 * endpoints ({@code /t}, {@code /u}, {@code /hooks}, {@code /optin}) take at most {@value
 * #PUBLIC_MAX} bytes; a multipart body anywhere but {@code /api/imports} (the CSV import, up to
 * {@code spring.servlet.multipart.max-request-size}) at most {@value #MULTIPART_MAX} bytes (engine
 * REST deployments). A declared larger {@code Content-Length} gets 413 at once; a chunked body
 * fails to read once it passes the cap.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestBodyLimits extends OncePerRequestFilter {

  static final long PUBLIC_MAX = 64 * 1024;
  static final long MULTIPART_MAX = 16 * 1024 * 1024;

  private final SecurityErrors errors;

  RequestBodyLimits(ObjectMapper json) {
    this.errors = new SecurityErrors(json);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long max = limit(request);
    if (max < 0) {
      chain.doFilter(request, response);
      return;
    }
    if (request.getContentLengthLong() > max) {
      response.setHeader("Connection", "close");
      errors.write(response, 413, "request body larger than " + max + " bytes");
      return;
    }
    chain.doFilter(new Limited(request, max), response);
  }

  private static long limit(HttpServletRequest request) {
    String path = PublicPaths.routed(request);
    if (PublicPaths.isPublic(path)) {
      return PUBLIC_MAX;
    }
    String type = request.getContentType();
    boolean multipart = type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/");
    if (multipart && !path.equals("/api/imports")) {
      return MULTIPART_MAX;
    }
    return -1;
  }

  /** A request whose body stream fails once more than {@code max} bytes were read. */
  private static final class Limited extends HttpServletRequestWrapper {

    private final long max;
    private ServletInputStream stream;

    Limited(HttpServletRequest request, long max) {
      super(request);
      this.max = max;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new Counting(super.getInputStream(), max);
      }
      return stream;
    }
  }

  private static final class Counting extends ServletInputStream {

    private final ServletInputStream in;
    private final long max;
    private long read;

    Counting(ServletInputStream in, long max) {
      this.in = in;
      this.max = max;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
      int n = in.read(buffer, off, len);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) throws IOException {
      read += n;
      if (read > max) {
        throw new IOException("request body larger than " + max + " bytes");
      }
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }
  }
}
