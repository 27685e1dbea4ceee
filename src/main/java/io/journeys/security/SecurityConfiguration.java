package io.journeys.security;

import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;
import static org.springframework.security.web.util.matcher.RegexRequestMatcher.regexMatcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeys.config.JourneysProperties;
import jakarta.servlet.DispatcherType;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

/**
 * Who may call what (docs/security.md):
 *
 * <ul>
 *   <li>public, no login, no CSRF, rate-limited: {@code /t/**}, {@code /u/**}, {@code /hooks/**},
 *       {@code /optin/**}; public: health and info;
 *   <li>{@code /camunda/**}: the webapps keep their own session login and CSRF protection;
 *   <li>{@code /console/**} (the marketer's console, docs/console.md): a session with form login
 *       against Camunda's users, CSRF tokens on every form; viewers read, marketing and admins
 *       edit;
 *   <li>everything else (/api, /engine-rest, actuator, the OpenAPI description and its Swagger UI):
 *       stateless, Basic or Bearer, by role; no Basic challenge, and state-changing calls refused
 *       when they may come from another site ({@link CrossSiteRequestGuard}).
 * </ul>
 */
@Configuration
class SecurityConfiguration {

  private static final String ADMIN = Roles.ADMIN;
  private static final String MARKETING = Roles.MARKETING;

  /** Paths of servlets other than Spring MVC's (webapps, engine REST) match on the whole path. */
  private static final PathPatternRequestMatcher.Builder PATH =
      PathPatternRequestMatcher.withDefaults();

  @Bean
  @Order(1)
  SecurityFilterChain publicEndpoints(
      HttpSecurity http, SecurityProperties properties, ObjectMapper json) throws Exception {
    SecurityProperties.RateLimit limit = properties.rateLimit();
    RateLimits perIp = new RateLimits(limit.publicRequests(), limit.publicWindow());
    return http.securityMatcher(
            "/t/**",
            "/u/**",
            "/hooks/**",
            "/optin/**",
            "/actuator/health",
            "/actuator/health/**",
            "/actuator/info",
            "/",
            "/error")
        .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
        .csrf(AbstractHttpConfigurer::disable)
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(AbstractHttpConfigurer::disable)
        .addFilterAfter(
            new PublicRateLimitFilter(perIp, new SecurityErrors(json)),
            SecurityContextHolderFilter.class)
        .build();
  }

  /** The webapps (Cockpit, Tasklist, Admin) run their own login, session and CSRF filter. */
  @Bean
  @Order(2)
  SecurityFilterChain camundaWebapps(HttpSecurity http) throws Exception {
    return http.securityMatcher(
            new OrRequestMatcher(PATH.matcher("/camunda/**"), PATH.matcher("/camunda-welcome")))
        .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
        .csrf(AbstractHttpConfigurer::disable)
        .headers(AbstractHttpConfigurer::disable)
        .requestCache(AbstractHttpConfigurer::disable)
        .securityContext(AbstractHttpConfigurer::disable)
        .sessionManagement(AbstractHttpConfigurer::disable)
        .build();
  }

  /** The marketer's console: form login, session, CSRF; GET for every role, changes for editors. */
  @Bean
  @Order(3)
  SecurityFilterChain console(
      HttpSecurity http, IdentityService identity, SecurityProperties properties) throws Exception {
    SecurityProperties.RateLimit limit = properties.rateLimit();
    RateLimits failedLogins = new RateLimits(limit.loginFailures(), limit.loginWindow());
    return http.securityMatcher("/console", "/console/**", "/webjars/**")
        .authorizeHttpRequests(
            auth ->
                auth.dispatcherTypeMatchers(DispatcherType.ERROR)
                    .permitAll()
                    .requestMatchers(
                        "/console/login", "/console/assets/**", "/console/vendor/**", "/webjars/**")
                    .permitAll()
                    .requestMatchers(GET, "/console", "/console/**")
                    .hasAnyAuthority(ADMIN, MARKETING, Roles.VIEWER)
                    .requestMatchers(POST, "/console/logout")
                    .authenticated()
                    .anyRequest()
                    .hasAnyAuthority(ADMIN, MARKETING))
        .authenticationManager(new ProviderManager(new ConsoleLogin(identity, failedLogins)))
        .formLogin(
            form ->
                form.loginPage("/console/login")
                    .defaultSuccessUrl("/console", false)
                    .failureUrl("/console/login?error"))
        .logout(out -> out.logoutUrl("/console/logout").logoutSuccessUrl("/console/login?logout"))
        .httpBasic(AbstractHttpConfigurer::disable)
        .build();
  }

  @Bean
  @Order(4)
  SecurityFilterChain api(
      HttpSecurity http,
      IdentityService identity,
      ApiTokens tokens,
      SecurityProperties properties,
      ObjectMapper json,
      OwnLeads ownLeads,
      JourneysProperties journeys)
      throws Exception {
    SecurityErrors errors = new SecurityErrors(json);
    SecurityProperties.RateLimit limit = properties.rateLimit();
    RateLimits failedLogins = new RateLimits(limit.loginFailures(), limit.loginWindow());
    return http.authorizeHttpRequests(
            auth ->
                auth.dispatcherTypeMatchers(DispatcherType.ERROR)
                    .permitAll()
                    .requestMatchers("/api/tokens", "/api/tokens/**")
                    .hasAuthority(ADMIN)
                    // sales reads the profiles of its own leads, nothing else (not an export)
                    .requestMatchers(
                        regexMatcher(GET, "^/api/contacts/(?!exports?(?:[/?.]|$))[^/?]+(\\?.*)?$"))
                    .access(ownLeads)
                    .requestMatchers(POST, "/api/events")
                    .hasAnyAuthority(ADMIN, MARKETING, Roles.EVENTS_WRITER)
                    // exports hold everybody's personal data: administrators only (finding 11)
                    .requestMatchers(regexMatcher("^/api/contacts/exports?(?:[/?.].*)?$"))
                    .hasAuthority(ADMIN)
                    .requestMatchers("/api/exports", "/api/exports/**")
                    .hasAuthority(ADMIN)
                    .requestMatchers(
                        GET,
                        "/api/journeys/*/funnel",
                        "/api/analytics",
                        "/api/analytics/**",
                        "/api/experiments/**",
                        "/api/alerts",
                        "/api/scoring/**")
                    .hasAnyAuthority(ADMIN, MARKETING, Roles.VIEWER)
                    // segments and enrollment progress: viewers read (a segment's export is
                    // personal data)
                    .requestMatchers(GET, "/api/segments", "/api/segments/*", "/api/enrollments/*")
                    .hasAnyAuthority(ADMIN, MARKETING, Roles.VIEWER)
                    .requestMatchers("/api/segments", "/api/segments/**")
                    .hasAnyAuthority(ADMIN, MARKETING)
                    // journey operations: viewers read the registry and the audit
                    // (docs/operations.md)
                    .requestMatchers(
                        GET,
                        "/api/journeys",
                        "/api/journeys/*",
                        "/api/journeys/*/audit",
                        "/api/journeys/*/not-entered")
                    .hasAnyAuthority(ADMIN, MARKETING, Roles.VIEWER)
                    .requestMatchers(
                        "/api/contacts/**",
                        "/api/imports/**",
                        "/api/events/**",
                        "/api/enrollments/**",
                        "/api/journeys/**",
                        "/api/contacts",
                        "/api/imports",
                        "/api/events")
                    .hasAnyAuthority(ADMIN, MARKETING)
                    // campaigns and broadcasts (issue 17): viewers read, marketing edits
                    .requestMatchers(
                        GET,
                        "/api/campaigns",
                        "/api/campaigns/**",
                        "/api/broadcasts",
                        "/api/broadcasts/**")
                    .hasAnyAuthority(ADMIN, MARKETING, Roles.VIEWER)
                    .requestMatchers(
                        "/api/campaigns",
                        "/api/campaigns/**",
                        "/api/broadcasts",
                        "/api/broadcasts/**")
                    .hasAnyAuthority(ADMIN, MARKETING)
                    .requestMatchers("/api/**")
                    .hasAuthority(ADMIN)
                    // the engine's own authorizations decide per resource
                    .requestMatchers(PATH.matcher("/engine-rest/**"))
                    .authenticated()
                    // metrics: the admin, and the scraper's token of role metrics-reader
                    .requestMatchers(GET, "/actuator/prometheus")
                    .hasAnyAuthority(ADMIN, Roles.METRICS_READER)
                    .requestMatchers("/actuator/**")
                    .hasAuthority(ADMIN)
                    // the description of /api holds no data: any authenticated caller may read it
                    .requestMatchers(
                        "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
                    .authenticated()
                    .anyRequest()
                    .authenticated())
        .csrf(AbstractHttpConfigurer::disable)
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(AbstractHttpConfigurer::disable)
        .formLogin(AbstractHttpConfigurer::disable)
        .httpBasic(AbstractHttpConfigurer::disable)
        .logout(AbstractHttpConfigurer::disable)
        .addFilterBefore(
            new CrossSiteRequestGuard(journeys.publicUrl(), errors),
            SecurityContextHolderFilter.class)
        .addFilterAfter(
            new ApiAuthenticationFilter(identity, tokens, failedLogins, errors),
            SecurityContextHolderFilter.class)
        .exceptionHandling(
            e ->
                e.authenticationEntryPoint(
                        (request, response, failure) -> {
                          if (challenged(
                              request
                                  .getRequestURI()
                                  .substring(request.getContextPath().length()))) {
                            errors.unauthorized(response, "authentication required");
                          } else {
                            errors.unauthorizedWithoutChallenge(
                                response, "authentication required");
                          }
                        })
                    .accessDeniedHandler((request, response, denied) -> errors.forbidden(response)))
        .build();
  }

  /**
   * Only API paths answer with a challenge (Bearer, never Basic: see {@link
   * SecurityErrors#CHALLENGE}): elsewhere (a script of the webapps asking for a path of ours) a
   * challenge would open the browser's login dialog over the webapp.
   */
  private static boolean challenged(String path) {
    return path.startsWith("/api/")
        || path.startsWith("/engine-rest")
        || path.startsWith("/actuator")
        || path.startsWith("/v3/api-docs")
        || path.startsWith("/swagger-ui");
  }

  /** Requests the firewall refuses (encoded slashes or percents, "..") get a JSON 400 too. */
  @Bean
  RequestRejectedHandler jsonRequestRejected(ObjectMapper json) {
    SecurityErrors errors = new SecurityErrors(json);
    return (request, response, rejected) -> errors.badRequest(response, "rejected request");
  }

  /** No in-memory users: identities live in Camunda (stops Boot's generated default password). */
  @Bean
  UserDetailsService noLocalUsers() {
    return new InMemoryUserDetailsManager();
  }
}
