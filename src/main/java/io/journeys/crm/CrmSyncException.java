package io.journeys.crm;

/** The CRM did not accept a lead; the message is short and free of personal data. */
public class CrmSyncException extends RuntimeException {

  public CrmSyncException(String reason) {
    super(reason);
  }
}
