package io.journeys.console;

import io.journeys.security.Roles;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.Locale;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * The attributes every console page's frame uses ({@code templates/console/layout.html}), and who
 * may edit.
 */
@ControllerAdvice(annotations = ConsolePage.class)
public class ConsoleModel {

  /** The page's own path, for the language switch. */
  @ModelAttribute("path")
  String path(HttpServletRequest request) {
    return request.getRequestURI().substring(request.getContextPath().length());
  }

  /** The page's language tag: {@code en} or {@code zh-CN}. */
  @ModelAttribute("lang")
  String lang(Locale locale) {
    return ConsoleConfiguration.tag(locale);
  }

  @ModelAttribute("user")
  String user(Principal principal) {
    return principal == null ? null : principal.getName();
  }

  /** Whether the user may change things (marketing, admins); viewers only read. */
  @ModelAttribute("canEdit")
  boolean canEdit(Authentication authentication) {
    return canEdit((Principal) authentication);
  }

  /** Whether {@code principal} is an editor: groups {@code marketing} or {@code journeys-admin}. */
  public static boolean canEdit(Principal principal) {
    return principal instanceof Authentication a
        && a.getAuthorities().stream()
            .map(GrantedAuthority::getAuthority)
            .anyMatch(r -> r.equals(Roles.MARKETING) || r.equals(Roles.ADMIN));
  }
}
