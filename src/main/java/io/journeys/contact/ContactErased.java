package io.journeys.contact;

/**
 * Published (as a Spring application event, inside the erasing transaction) when a contact's
 * personal data is erased, so that every feature removes what it keeps about that contact.
 */
public record ContactErased(String contactId) {}
