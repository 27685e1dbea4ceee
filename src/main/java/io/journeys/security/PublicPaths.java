package io.journeys.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.util.UrlPathHelper;

/**
 * The path a request is routed by: percent-decoded, without {@code ;} parameters, with repeated
 * slashes collapsed. Limits keyed on the raw URI could be bypassed by spelling the same path
 * differently ({@code /%74/o/...} for {@code /t/o/...}; docs/hardening.md, finding 5).
 */
final class PublicPaths {

  private static final UrlPathHelper PATHS = new UrlPathHelper();

  static {
    PATHS.setUrlDecode(true);
    PATHS.setRemoveSemicolonContent(true);
  }

  private PublicPaths() {}

  static String routed(HttpServletRequest request) {
    return PATHS.getPathWithinApplication(request).replaceAll("/{2,}", "/");
  }

  /** The unauthenticated endpoints: tracking, unsubscribe, provider hooks, double opt-in. */
  static boolean isPublic(String path) {
    return path.startsWith("/t/")
        || path.startsWith("/u/")
        || path.startsWith("/hooks/")
        || path.startsWith("/optin/");
  }
}
