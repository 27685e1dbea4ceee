package io.journeys.security;

/** The roles of Journeys, kept as Camunda groups (docs/security.md). */
public final class Roles {

  private Roles() {}

  /** Deploys and changes journeys, manages users; everything. */
  public static final String ADMIN = "journeys-admin";

  /** Contacts, imports, segments, enrollments, templates, campaigns, analytics; no deployments. */
  public static final String MARKETING = "marketing";

  /** Tasklist only: tasks of group {@code sales}. */
  public static final String SALES = "sales";

  /** Analytics read-only. */
  public static final String VIEWER = "viewer";

  /**
   * Tasklist only: tasks of group {@code customer-service} (WeCom 1:1 care in dormant-win-back).
   */
  public static final String CUSTOMER_SERVICE = "customer-service";

  /**
   * Machine clients that only publish events ({@code POST /api/events}), e.g. the shop's API token;
   * no other call and no Camunda grants.
   */
  public static final String EVENTS_WRITER = "events-writer";

  /**
   * Machine clients that only read metrics ({@code GET /actuator/prometheus}), e.g. the Prometheus
   * scraper's API token; no other {@code /api} or actuator call, no Camunda grants.
   */
  public static final String METRICS_READER = "metrics-reader";

  /** Camunda's own administrators group (full access to the webapps). */
  public static final String CAMUNDA_ADMIN = "camunda-admin";
}
