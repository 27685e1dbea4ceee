package io.journeys.broadcast;

import java.security.Principal;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/broadcasts}: schedule ({@code POST}), list the latest 100 and read ({@code GET}),
 * cancel ({@code POST /api/broadcasts/{id}/cancel}). Viewers read; marketing and admins schedule
 * and cancel (SecurityConfiguration).
 */
@RestController
class BroadcastController {

  private final BroadcastService broadcasts;

  BroadcastController(BroadcastService broadcasts) {
    this.broadcasts = broadcasts;
  }

  @PostMapping("/api/broadcasts")
  ResponseEntity<BroadcastView> schedule(@RequestBody BroadcastRequest body, Principal user) {
    BroadcastView view = broadcasts.schedule(body, user == null ? null : user.getName());
    return ResponseEntity.status(HttpStatus.CREATED)
        .header("Location", "/api/broadcasts/" + view.id())
        .body(view);
  }

  @GetMapping("/api/broadcasts")
  List<BroadcastView> list() {
    return broadcasts.latest();
  }

  @GetMapping("/api/broadcasts/{id}")
  BroadcastView get(@PathVariable String id) {
    return broadcasts.view(id);
  }

  @PostMapping("/api/broadcasts/{id}/cancel")
  BroadcastView cancel(@PathVariable String id, Principal user) {
    return broadcasts.cancel(id, user == null ? null : user.getName());
  }
}
