package io.journeys.operations;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The authenticated caller, or {@link OperationsAudit#SYSTEM}. */
final class OperationsAuditActor {

  private OperationsAuditActor() {}

  static String current() {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    return auth == null || auth.getName() == null ? OperationsAudit.SYSTEM : auth.getName();
  }
}
