package io.journeys.security;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.TaskService;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.stereotype.Component;

/**
 * Who may read a contact's profile ({@code GET /api/contacts/{id}}): admins and marketing read
 * every profile; a sales rep only the profiles of their own leads, that is contacts with a task
 * open to them (candidate group or assignee) or a task they worked on before.
 */
@Component
class OwnLeads implements AuthorizationManager<RequestAuthorizationContext> {

  private final TaskService tasks;
  private final HistoryService history;

  OwnLeads(TaskService tasks, HistoryService history) {
    this.tasks = tasks;
    this.history = history;
  }

  @Override
  public AuthorizationDecision check(
      Supplier<Authentication> authentication, RequestAuthorizationContext context) {
    Authentication caller = authentication.get();
    if (caller == null || !caller.isAuthenticated()) {
      return new AuthorizationDecision(false);
    }
    Set<String> roles =
        caller.getAuthorities().stream()
            .map(GrantedAuthority::getAuthority)
            .collect(Collectors.toSet());
    if (roles.contains(Roles.ADMIN) || roles.contains(Roles.MARKETING)) {
      return new AuthorizationDecision(true);
    }
    if (!roles.contains(Roles.SALES)) {
      return new AuthorizationDecision(false);
    }
    return new AuthorizationDecision(
        isOwnLead(
            caller.getName(), List.copyOf(roles), contactId(context.getRequest().getRequestURI())));
  }

  private boolean isOwnLead(String userId, List<String> groups, String contactId) {
    boolean open =
        tasks
                .createTaskQuery()
                .processInstanceBusinessKey(contactId)
                .or()
                .taskAssignee(userId)
                .taskCandidateGroupIn(groups)
                .endOr()
                .count()
            > 0;
    return open
        || history
                .createHistoricTaskInstanceQuery()
                .processInstanceBusinessKey(contactId)
                .taskAssignee(userId)
                .count()
            > 0;
  }

  private static String contactId(String uri) {
    String last = uri.substring(uri.lastIndexOf('/') + 1);
    return URLDecoder.decode(last, StandardCharsets.UTF_8);
  }
}
