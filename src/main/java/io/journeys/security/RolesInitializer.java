package io.journeys.security;

import java.util.Map;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Creates the role groups and their base grants once, on every shape: the configured admin
 * joins {@code journeys-admin} and {@code camunda-admin}; {@code sales} may open Tasklist and use
 * task filters (the engine grants each candidate group its own tasks).
 */
@Component
class RolesInitializer {

  private static final Logger log = LoggerFactory.getLogger(RolesInitializer.class);

  private static final Map<String, String> GROUPS =
      Map.of(
          Roles.ADMIN, "Journeys administrators",
          Roles.MARKETING, "Marketing",
          Roles.SALES, "Sales",
          Roles.VIEWER, "Analytics viewers");

  private final IdentityService identity;
  private final AuthorizationService authorizations;
  private final String adminUser;

  RolesInitializer(IdentityService identity, AuthorizationService authorizations, Environment env) {
    this.identity = identity;
    this.authorizations = authorizations;
    this.adminUser = env.getProperty("camunda.bpm.admin-user.id");
  }

  @EventListener(ApplicationReadyEvent.class)
  @Order(0)
  void createRoles() {
    GROUPS.forEach(this::ensureGroup);
    if (adminUser != null && identity.createUserQuery().userId(adminUser).count() == 1) {
      ensureMembership(adminUser, Roles.ADMIN);
    }
    grant(Roles.SALES, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
    grant(Roles.SALES, Resources.FILTER, "*", Permissions.READ);
    grant(Roles.MARKETING, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
    grant(Roles.MARKETING, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
    grant(Roles.MARKETING, Resources.PROCESS_DEFINITION, "*", Permissions.READ, Permissions.READ_INSTANCE);
    grant(Roles.MARKETING, Resources.FILTER, "*", Permissions.READ);
    grant(Roles.VIEWER, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
    grant(Roles.VIEWER, Resources.PROCESS_DEFINITION, "*", Permissions.READ);
    grant(Roles.ADMIN, Resources.APPLICATION, "*", Permissions.ALL);
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

  private void grant(String groupId, Resource resource, String resourceId, Permission... permissions) {
    boolean present =
        authorizations.createAuthorizationQuery()
                .groupIdIn(groupId)
                .resourceType(resource)
                .resourceId(resourceId)
                .count()
            > 0;
    if (!present) {
      Authorization auth = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
      auth.setGroupId(groupId);
      auth.setResource(resource);
      auth.setResourceId(resourceId);
      for (Permission permission : permissions) {
        auth.addPermission(permission);
      }
      authorizations.saveAuthorization(auth);
    }
  }
}
