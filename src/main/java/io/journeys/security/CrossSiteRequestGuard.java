package io.journeys.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * CSRF protection of the stateless API ({@code /api}, {@code /engine-rest}, actuator), which has no
 * cookies but accepts HTTP Basic, which a browser may attach by itself. A state-changing request
 * (any method but GET, HEAD, OPTIONS, TRACE) is refused with 403 when
 *
 * <ul>
 *   <li>the browser says it comes from another site ({@code Sec-Fetch-Site: cross-site}), or
 *   <li>it carries an {@code Origin} other than this server's own or the public URL's, or
 *   <li>it uses Basic, and its content type is one an HTML form or a no-CORS fetch may send ({@code
 *       application/x-www-form-urlencoded}, {@code multipart/form-data}, {@code text/plain}, or
 *       none on a POST) and it has no {@value #HEADER} header.
 * </ul>
 *
 * A browser can send neither a custom header nor another content type across sites without a CORS
 * preflight, which this server never grants. Bearer tokens are never attached by a browser.
 */
final class CrossSiteRequestGuard extends OncePerRequestFilter {

  static final String HEADER = "X-Requested-With";
  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
  private static final Set<String> SIMPLE_TYPES =
      Set.of("application/x-www-form-urlencoded", "multipart/form-data", "text/plain");

  private final String publicOrigin;
  private final SecurityErrors errors;

  CrossSiteRequestGuard(URI publicUrl, SecurityErrors errors) {
    this.publicOrigin = publicUrl == null ? null : origin(publicUrl);
    this.errors = errors;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String refusal = SAFE.contains(request.getMethod()) ? null : refusal(request);
    if (refusal != null) {
      errors.write(response, HttpServletResponse.SC_FORBIDDEN, refusal);
      return;
    }
    chain.doFilter(request, response);
  }

  private String refusal(HttpServletRequest request) {
    if ("cross-site".equalsIgnoreCase(request.getHeader("Sec-Fetch-Site"))) {
      return "cross-site request refused";
    }
    String origin = request.getHeader(HttpHeaders.ORIGIN);
    if (origin != null && !ownOrigin(origin, request)) {
      return "cross-origin request refused";
    }
    String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
    boolean basic = authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
    if (basic && formLike(request) && isBlank(request.getHeader(HEADER))) {
      return "a state-changing call with Basic credentials needs a JSON (or other non-form) content"
          + " type or the header "
          + HEADER
          + "; API tokens (Bearer) need neither";
    }
    return null;
  }

  private boolean formLike(HttpServletRequest request) {
    String type = request.getContentType();
    if (isBlank(type)) {
      // a body-less PUT, PATCH or DELETE cannot come from a form or a no-CORS fetch
      return "POST".equals(request.getMethod());
    }
    String mediaType = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return SIMPLE_TYPES.contains(mediaType);
  }

  private boolean ownOrigin(String origin, HttpServletRequest request) {
    String normalised = origin.trim().toLowerCase(Locale.ROOT);
    if (normalised.equals(publicOrigin)) {
      return true;
    }
    int port = request.getServerPort();
    String scheme = request.getScheme().toLowerCase(Locale.ROOT);
    boolean defaultPort =
        ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
    String own =
        scheme
            + "://"
            + request.getServerName().toLowerCase(Locale.ROOT)
            + (defaultPort ? "" : ":" + port);
    return normalised.equals(own);
  }

  private static String origin(URI url) {
    int port = url.getPort();
    String scheme = url.getScheme() == null ? "http" : url.getScheme().toLowerCase(Locale.ROOT);
    boolean defaultPort =
        port < 0
            || ("http".equals(scheme) && port == 80)
            || ("https".equals(scheme) && port == 443);
    return scheme
        + "://"
        + String.valueOf(url.getHost()).toLowerCase(Locale.ROOT)
        + (defaultPort ? "" : ":" + port);
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
