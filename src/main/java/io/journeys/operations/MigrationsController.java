package io.journeys.operations;

import static io.journeys.operations.Requests.problem;

import io.journeys.web.ApiException;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/journeys/{key}/migrations}: running instances of older versions onto the latest
 * one, a dry run by default (docs/operations.md).
 */
@RestController
@RequestMapping("/api/journeys")
class MigrationsController {

  /** Body of a migration: {@code dryRun} (default true) and {@code timerPolicy} keep | update. */
  record MigrationRequest(Boolean dryRun, String timerPolicy) {}

  private final JourneyRegistry registry;
  private final JourneyMigrations migrations;

  MigrationsController(JourneyRegistry registry, JourneyMigrations migrations) {
    this.registry = registry;
    this.migrations = migrations;
  }

  @PostMapping("/{key}/migrations")
  Map<String, Object> migrate(
      @PathVariable String key, @RequestBody(required = false) MigrationRequest body) {
    var target = registry.latest(key);
    MigrationRequest b = body == null ? new MigrationRequest(null, null) : body;
    String timers = b.timerPolicy() == null ? "keep" : b.timerPolicy();
    if (!List.of("keep", "update").contains(timers)) {
      throw ApiException.badRequest(
          "invalid migration", List.of(problem("timerPolicy", "keep or update")));
    }
    return migrations.migrate(target, b.dryRun() == null || b.dryRun(), "update".equals(timers));
  }
}
