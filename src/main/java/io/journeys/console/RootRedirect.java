package io.journeys.console;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code /} leads to the marketer's console (Camunda's own redirect of {@code /} to its webapps is
 * off: {@code camunda.bpm.webapp.index-redirect-enabled: false}); the console links to Cockpit and
 * Tasklist.
 */
@Controller
class RootRedirect {

  @GetMapping("/")
  String root() {
    return "redirect:/console";
  }
}
