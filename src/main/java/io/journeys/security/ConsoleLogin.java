package io.journeys.security;

import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * The console's form login ({@code /console/login}): the user and password are checked against
 * Camunda's identity service, as for HTTP Basic on the API, and the user's Camunda groups become
 * its authorities (roles). Failed logins share the API's limit per client IP and user name.
 */
final class ConsoleLogin implements AuthenticationProvider {

  private final IdentityService identity;
  private final RateLimits failedLogins;

  ConsoleLogin(IdentityService identity, RateLimits failedLogins) {
    this.identity = identity;
    this.failedLogins = failedLogins;
  }

  @Override
  public Authentication authenticate(Authentication login) {
    String user = login.getName() == null ? "" : login.getName().trim();
    String password = login.getCredentials() == null ? "" : login.getCredentials().toString();
    String ip =
        login.getDetails() instanceof WebAuthenticationDetails details
            ? details.getRemoteAddress()
            : "";
    String key = ip + "|" + user;
    if (failedLogins.waitFor(key) > 0) {
      throw new LockedException("too many failed logins, try again later");
    }
    if (user.isEmpty() || !identity.checkPassword(user, password)) {
      failedLogins.take(key);
      throw new BadCredentialsException("invalid credentials");
    }
    List<SimpleGrantedAuthority> groups =
        identity.createGroupQuery().groupMember(user).list().stream()
            .map(Group::getId)
            .map(SimpleGrantedAuthority::new)
            .toList();
    UsernamePasswordAuthenticationToken authenticated =
        UsernamePasswordAuthenticationToken.authenticated(user, null, groups);
    authenticated.setDetails(login.getDetails());
    return authenticated;
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
  }
}
