package io.journeys.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code /api}, {@code /engine-rest} and actuator calls: HTTP Basic against Camunda's
 * identity service, or {@code Bearer} API tokens. The caller's Camunda groups become its
 * authorities. On {@code /engine-rest} the Camunda authentication is set for the request (so
 * Camunda authorizations apply) and cleared afterwards. Failed logins are limited per client IP and
 * user name (429 with Retry-After).
 */
final class ApiAuthenticationFilter extends OncePerRequestFilter {

  private final IdentityService identity;
  private final ApiTokens tokens;
  private final RateLimits failedLogins;
  private final SecurityErrors errors;

  ApiAuthenticationFilter(
      IdentityService identity, ApiTokens tokens, RateLimits failedLogins, SecurityErrors errors) {
    this.identity = identity;
    this.tokens = tokens;
    this.failedLogins = failedLogins;
    this.errors = errors;
  }

  private record Caller(String userId, List<String> groups) {}

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null) {
      chain.doFilter(request, response);
      return;
    }
    String ip = request.getRemoteAddr();
    Optional<Caller> caller;
    String limitKey;
    if (startsWithIgnoreCase(header, "Basic ")) {
      String[] credentials = basic(header.substring(6).trim());
      if (credentials == null) {
        errors.unauthorized(response, "malformed Basic credentials");
        return;
      }
      limitKey = ip + "|" + credentials[0];
      long wait = failedLogins.waitFor(limitKey);
      if (wait > 0) {
        errors.tooManyRequests(response, wait);
        return;
      }
      caller = checkPassword(credentials[0], credentials[1]);
    } else if (startsWithIgnoreCase(header, "Bearer ")) {
      limitKey = ip + "|token";
      long wait = failedLogins.waitFor(limitKey);
      if (wait > 0) {
        errors.tooManyRequests(response, wait);
        return;
      }
      caller =
          tokens
              .authenticate(header.substring(7).trim())
              .map(t -> new Caller("token:" + t.id(), t.groups()));
    } else {
      errors.unauthorized(response, "unsupported authorization scheme");
      return;
    }
    if (caller.isEmpty()) {
      failedLogins.take(limitKey);
      errors.unauthorized(response, "invalid credentials");
      return;
    }
    authenticated(caller.get(), request, response, chain);
  }

  private void authenticated(
      Caller caller, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    SecurityContextHolder.getContext()
        .setAuthentication(
            UsernamePasswordAuthenticationToken.authenticated(
                caller.userId(),
                null,
                caller.groups().stream().map(SimpleGrantedAuthority::new).toList()));
    boolean engineRest =
        request.getRequestURI().startsWith(request.getContextPath() + "/engine-rest");
    if (!engineRest) {
      chain.doFilter(request, response);
      return;
    }
    identity.setAuthentication(caller.userId(), caller.groups());
    try {
      chain.doFilter(request, response);
    } finally {
      identity.clearAuthentication();
    }
  }

  private Optional<Caller> checkPassword(String user, String password) {
    if (user.isEmpty() || !identity.checkPassword(user, password)) {
      return Optional.empty();
    }
    List<String> groups =
        identity.createGroupQuery().groupMember(user).list().stream().map(Group::getId).toList();
    return Optional.of(new Caller(user, groups));
  }

  private static String[] basic(String encoded) {
    try {
      String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0
          ? null
          : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static boolean startsWithIgnoreCase(String value, String prefix) {
    return value.regionMatches(true, 0, prefix, 0, prefix.length());
  }
}
