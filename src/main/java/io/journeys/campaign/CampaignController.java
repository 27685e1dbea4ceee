package io.journeys.campaign;

import io.journeys.config.EngineClock;
import io.journeys.web.ApiException;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.RepositoryService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/campaigns}: create, list, read, replace and delete campaigns, and read their results.
 * Viewers read; marketing and admins edit (SecurityConfiguration).
 */
@RestController
class CampaignController {

  private final CampaignStore store;
  private final CampaignFigures figures;
  private final RepositoryService repository;
  private final Clock clock;

  @Autowired
  CampaignController(CampaignStore store, CampaignFigures figures, RepositoryService repository) {
    this(store, figures, repository, EngineClock.UTC);
  }

  CampaignController(
      CampaignStore store, CampaignFigures figures, RepositoryService repository, Clock clock) {
    this.store = store;
    this.figures = figures;
    this.repository = repository;
    this.clock = clock;
  }

  @GetMapping("/api/campaigns")
  List<Campaign> list() {
    return store.all();
  }

  @GetMapping("/api/campaigns/{id}")
  Campaign get(@PathVariable String id) {
    return find(id);
  }

  @GetMapping("/api/campaigns/{id}/results")
  CampaignResults results(@PathVariable String id) {
    return figures.results(find(id));
  }

  @PostMapping("/api/campaigns")
  @Transactional
  ResponseEntity<Campaign> create(@RequestBody Campaign body, Principal user) {
    check(body);
    Instant now = now();
    Campaign created = body.stored(UUID.randomUUID().toString(), name(user), now, now);
    store.insert(created);
    return ResponseEntity.status(HttpStatus.CREATED)
        .header("Location", "/api/campaigns/" + created.id())
        .body(created);
  }

  @PutMapping("/api/campaigns/{id}")
  @Transactional
  Campaign replace(@PathVariable String id, @RequestBody Campaign body) {
    Campaign existing = find(id);
    check(body);
    Campaign replaced = body.stored(id, existing.createdBy(), existing.createdAt(), now());
    store.update(replaced);
    return replaced;
  }

  @DeleteMapping("/api/campaigns/{id}")
  ResponseEntity<Void> delete(@PathVariable String id) {
    if (!store.delete(id)) {
      throw ApiException.notFound("no campaign " + id);
    }
    return ResponseEntity.noContent().build();
  }

  private Campaign find(String id) {
    return store.find(id).orElseThrow(() -> ApiException.notFound("no campaign " + id));
  }

  private void check(Campaign body) {
    if (body == null) {
      throw ApiException.badRequest("a campaign object is required", List.of());
    }
    CampaignValidator.check(
        body,
        key -> repository.createProcessDefinitionQuery().processDefinitionKey(key).count() > 0);
  }

  private Instant now() {
    return Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
  }

  private static String name(Principal user) {
    return user == null ? null : user.getName();
  }
}
