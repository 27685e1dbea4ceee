package io.journeys.governance;

import io.journeys.config.EngineClock;
import io.journeys.web.PublicPage;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Double opt-in confirmation links (public, no login, rate-limited like {@code /u}): {@code GET
 * /optin/{token}} shows a page with a button and changes nothing (mail scanners follow links);
 * {@code POST /optin/{token}} (the button) confirms the contact's email consent. A link sent to an
 * address the contact no longer has gets {@code 400} and a page, and changes nothing.
 */
@RestController
class OptInController {

  private static final String INVALID = "This link is not valid or has expired. 此链接无效或已过期。";
  private static final String OTHER_ADDRESS =
      "This link was sent to an email address that is no longer the one we have for you, so it"
          + " confirms nothing. If you changed your address, please use the link in the email we"
          + " sent to your new address."
          + " 此链接发送到的邮箱地址已不是您当前的地址，因此无法确认订阅。"
          + "如果您更改了邮箱地址，请使用我们发送到新地址的邮件中的链接。";

  private final OptInTokens tokens;
  private final OptIn optIn;

  OptInController(OptInTokens tokens, OptIn optIn) {
    this.tokens = tokens;
    this.optIn = optIn;
  }

  @GetMapping("/optin/{token}")
  ResponseEntity<String> page(@PathVariable String token) {
    Optional<OptInTokens.Claim> claim = claim(token);
    if (claim.isEmpty()) {
      return page(HttpStatus.BAD_REQUEST, INVALID, false);
    }
    if (!optIn.sentToCurrentAddress(claim.get())) {
      return page(HttpStatus.BAD_REQUEST, OTHER_ADDRESS, false);
    }
    return page(
        HttpStatus.OK,
        "Please confirm that you want to receive our emails." + " 请确认您愿意接收我们的邮件。",
        true);
  }

  @PostMapping("/optin/{token}")
  ResponseEntity<String> confirm(@PathVariable String token) {
    Optional<OptInTokens.Claim> claim = claim(token);
    if (claim.isEmpty()) {
      return page(HttpStatus.BAD_REQUEST, INVALID, false);
    }
    return switch (optIn.confirm(claim.get(), now())) {
      case CONFIRMED ->
          page(HttpStatus.OK, "Thank you, your subscription is confirmed. 谢谢，您的订阅已确认。", false);
      case NOTHING_PENDING ->
          page(
              HttpStatus.OK,
              "There is nothing to confirm: your subscription was confirmed or withdrawn before."
                  + " 无需确认：您的订阅此前已确认或已取消。",
              false);
      case ADDRESS_CHANGED -> page(HttpStatus.BAD_REQUEST, OTHER_ADDRESS, false);
    };
  }

  private Optional<OptInTokens.Claim> claim(String token) {
    return tokens.verify(token, now());
  }

  private static java.time.Instant now() {
    return EngineClock.now();
  }

  private static ResponseEntity<String> page(HttpStatus status, String text, boolean button) {
    return PublicPage.message(status, "Confirm 确认订阅", text, button ? "Confirm 确认订阅" : null);
  }
}
