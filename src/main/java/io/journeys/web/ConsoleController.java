package io.journeys.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** {@code /console}: the marketer's console starts at its campaigns page. */
@Controller
class ConsoleController {

  @GetMapping("/console")
  String console() {
    return "redirect:/console/campaigns";
  }
}
