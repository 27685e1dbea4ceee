package io.journeys.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Limits the public endpoints ({@code /t}, {@code /u}, {@code /hooks}, {@code /optin}) per client
 * IP: 429. The path is the decoded one the request is routed by ({@link PublicPaths}).
 */
final class PublicRateLimitFilter extends OncePerRequestFilter {

  private final RateLimits limits;
  private final SecurityErrors errors;

  PublicRateLimitFilter(RateLimits limits, SecurityErrors errors) {
    this.limits = limits;
    this.errors = errors;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (PublicPaths.isPublic(PublicPaths.routed(request))) {
      long wait = limits.take(request.getRemoteAddr());
      if (wait > 0) {
        errors.tooManyRequests(response, wait);
        return;
      }
    }
    chain.doFilter(request, response);
  }
}
