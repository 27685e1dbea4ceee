package io.journeys.security;

import io.journeys.web.ApiException;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/tokens} (journeys-admin only): issue, list and revoke API tokens. */
@RestController
@RequestMapping("/api/tokens")
class TokenController {

  private static final Set<String> GROUPS =
      Set.of(
          Roles.ADMIN,
          Roles.MARKETING,
          Roles.SALES,
          Roles.VIEWER,
          Roles.EVENTS_WRITER,
          Roles.METRICS_READER);
  private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N} ._-]{1,200}");

  private final ApiTokens tokens;

  TokenController(ApiTokens tokens) {
    this.tokens = tokens;
  }

  record NewToken(String name, List<String> groups) {}

  @PostMapping
  ResponseEntity<Map<String, Object>> create(@RequestBody NewToken body, Principal principal) {
    if (body.name() == null || !NAME.matcher(body.name()).matches()) {
      throw ApiException.badRequest(
          "invalid token",
          List.of(Map.of("field", "name", "reason", "1 to 200 letters, digits, spaces, . _ -")));
    }
    if (body.groups() == null || body.groups().isEmpty() || !GROUPS.containsAll(body.groups())) {
      throw ApiException.badRequest(
          "invalid token",
          List.of(Map.of("field", "groups", "reason", "one or more of " + GROUPS)));
    }
    ApiTokens.Issued issued =
        tokens.create(body.name(), principal.getName(), List.copyOf(body.groups()));
    Map<String, Object> answer = view(issued.token());
    answer.put("token", issued.secret());
    return ResponseEntity.status(HttpStatus.CREATED).body(answer);
  }

  @GetMapping
  List<Map<String, Object>> list() {
    return tokens.list().stream().map(TokenController::view).toList();
  }

  @DeleteMapping("/{id}")
  ResponseEntity<Void> revoke(@PathVariable String id) {
    if (!tokens.revoke(id)) {
      throw ApiException.notFound("no such token");
    }
    return ResponseEntity.noContent().build();
  }

  private static Map<String, Object> view(ApiTokens.Token t) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", t.id());
    view.put("name", t.name());
    view.put("owner", t.owner());
    view.put("groups", t.groups());
    view.put("created", t.created());
    view.put("lastUsed", t.lastUsed());
    view.put("revoked", t.revoked());
    return view;
  }
}
