package io.journeys.console;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code GET /console/login}: the form; Spring Security handles its POST (SecurityConfiguration).
 */
@Controller
@ConsolePage
class LoginPage {

  @GetMapping("/console/login")
  String login() {
    return "console/login";
  }
}
