package io.journeys.security;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The embedded default's demo users (docs/contract.md §6): {@code demo}/{@code demo} is the admin
 * (created by the starter from {@code camunda.bpm.admin-user}), {@code sales}/{@code sales} works
 * the "Hand to sales" tasks in Tasklist. Never present in the production shape.
 */
@Component
@Profile("embedded")
class DemoUsers {

  private final IdentityService identity;
  private final RolesInitializer roles;

  DemoUsers(IdentityService identity, RolesInitializer roles) {
    this.identity = identity;
    this.roles = roles;
  }

  @EventListener(ApplicationReadyEvent.class)
  @Order(10)
  void createSalesUser() {
    if (identity.createUserQuery().userId("sales").count() == 0) {
      User user = identity.newUser("sales");
      user.setFirstName("Sam");
      user.setLastName("Sales");
      user.setEmail("sales@journeys.example");
      user.setPassword("sales");
      identity.saveUser(user);
    }
    roles.ensureMembership("sales", Roles.SALES);
  }
}
