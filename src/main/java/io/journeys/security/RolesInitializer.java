package io.journeys.security;

import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.identity.Group;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Creates the role groups and sets their Camunda grants at every start, on every shape: the
 * configured admin joins {@code journeys-admin} and {@code camunda-admin}; {@code journeys-admin}
 * has ALL on every resource type; {@code marketing} reads definitions and instances in Cockpit but
 * cannot deploy; {@code sales} opens Tasklist and reads the "All tasks" filter (the engine grants
 * each candidate group its own tasks); {@code viewer} reads definitions and history.
 */
@Component
class RolesInitializer {

  private static final Logger log = LoggerFactory.getLogger(RolesInitializer.class);

  /** The task filter created by the starter ({@code camunda.bpm.filter.create}). */
  static final String ALL_TASKS = "All tasks";

  private static final Map<String, String> GROUPS =
      Map.of(
          Roles.ADMIN, "Journeys administrators",
          Roles.MARKETING, "Marketing",
          Roles.SALES, "Sales",
          Roles.CUSTOMER_SERVICE, "Customer service",
          Roles.VIEWER, "Analytics viewers");

  private final IdentityService identity;
  private final AuthorizationService authorizations;
  private final FilterService filters;
  private final String adminUser;

  RolesInitializer(
      IdentityService identity,
      AuthorizationService authorizations,
      FilterService filters,
      Environment env) {
    this.identity = identity;
    this.authorizations = authorizations;
    this.filters = filters;
    this.adminUser = env.getProperty("camunda.bpm.admin-user.id");
  }

  @EventListener(ApplicationReadyEvent.class)
  @Order(0)
  void createRoles() {
    GROUPS.forEach(this::ensureGroup);
    if (adminUser != null && identity.createUserQuery().userId(adminUser).count() == 1) {
      ensureMembership(adminUser, Roles.ADMIN);
      ensureMembership(adminUser, Roles.CAMUNDA_ADMIN);
      // a lock from counted failures (older versions locked for good after 10) ends at start-up
      identity.unlockUser(adminUser);
    }
    for (Resource resource : Resources.values()) {
      grant(Roles.ADMIN, resource, "*", Permissions.ALL);
    }
    // sales: Tasklist and the "All tasks" filter; the engine grants each candidate group its tasks
    grant(Roles.SALES, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
    revoke(Roles.SALES, Resources.FILTER, "*");
    allTasksFilter().ifPresent(id -> grant(Roles.SALES, Resources.FILTER, id, Permissions.READ));
    // customer service: the same for the WeCom care tasks of dormant-win-back
    grant(Roles.CUSTOMER_SERVICE, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
    revoke(Roles.CUSTOMER_SERVICE, Resources.FILTER, "*");
    allTasksFilter()
        .ifPresent(id -> grant(Roles.CUSTOMER_SERVICE, Resources.FILTER, id, Permissions.READ));
    // marketing: Cockpit reads definitions and instances; no deployments
    grant(Roles.MARKETING, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
    grant(Roles.MARKETING, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
    grant(
        Roles.MARKETING,
        Resources.PROCESS_DEFINITION,
        "*",
        Permissions.READ,
        Permissions.READ_INSTANCE,
        Permissions.READ_HISTORY);
    grant(Roles.MARKETING, Resources.PROCESS_INSTANCE, "*", Permissions.READ);
    grant(
        Roles.MARKETING,
        Resources.DECISION_DEFINITION,
        "*",
        Permissions.READ,
        Permissions.READ_HISTORY);
    grant(Roles.MARKETING, Resources.DEPLOYMENT, "*", Permissions.READ);
    grant(Roles.MARKETING, Resources.FILTER, "*", Permissions.READ);
    // viewer: read-only
    grant(Roles.VIEWER, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
    grant(
        Roles.VIEWER,
        Resources.PROCESS_DEFINITION,
        "*",
        Permissions.READ,
        Permissions.READ_HISTORY);
    grant(Roles.VIEWER, Resources.DECISION_DEFINITION, "*", Permissions.READ);
  }

  private Optional<String> allTasksFilter() {
    return filters.createFilterQuery().filterName(ALL_TASKS).list().stream()
        .map(Filter::getId)
        .findFirst();
  }

  private void ensureGroup(String id, String name) {
    if (identity.createGroupQuery().groupId(id).count() == 0) {
      Group group = identity.newGroup(id);
      group.setName(name);
      group.setType("WORKFLOW");
      identity.saveGroup(group);
      log.info("Created group {}", id);
    }
  }

  void ensureMembership(String userId, String groupId) {
    if (identity.createUserQuery().userId(userId).memberOfGroup(groupId).count() == 0) {
      identity.createMembership(userId, groupId);
    }
  }

  /** Grants exactly {@code permissions} (an existing grant of the group is set to them). */
  private void grant(
      String groupId, Resource resource, String resourceId, Permission... permissions) {
    Authorization auth = find(groupId, resource, resourceId);
    if (auth == null) {
      auth = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
      auth.setGroupId(groupId);
      auth.setResource(resource);
      auth.setResourceId(resourceId);
    }
    auth.setPermissions(permissions);
    authorizations.saveAuthorization(auth);
  }

  private void revoke(String groupId, Resource resource, String resourceId) {
    Authorization auth = find(groupId, resource, resourceId);
    if (auth != null) {
      authorizations.deleteAuthorization(auth.getId());
    }
  }

  private Authorization find(String groupId, Resource resource, String resourceId) {
    return authorizations
        .createAuthorizationQuery()
        .groupIdIn(groupId)
        .resourceType(resource)
        .resourceId(resourceId)
        .list()
        .stream()
        .filter(a -> a.getAuthorizationType() == Authorization.AUTH_TYPE_GRANT)
        .findFirst()
        .orElse(null);
  }
}
