package io.journeys.crm;

/**
 * A lead to hand to the CRM: the contact, the journey (process key) and instance it qualified in,
 * and the sales task's outcome and note when there are any.
 */
public record CrmLead(
    String contactId, String journey, String processInstanceId, String outcome, String note) {}
