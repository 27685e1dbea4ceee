package io.journeys.journey;

/**
 * Whether a contact is a marketing-qualified lead now (the MQL rule of lead scoring), for the "Read
 * contact" task's {@code mql} variable. Declared here, implemented by the scoring feature; without
 * an implementation no contact is qualified.
 */
@FunctionalInterface
public interface LeadQualification {

  boolean isQualified(String contactId);
}
