package io.journeys.contact;

import java.util.List;

/**
 * Published (as a Spring application event, inside the changing transaction, after the writes) when
 * contacts' profiles were created or changed other than by an event: {@code PUT} / {@code PATCH
 * /api/contacts/{id}} ({@code reason} {@code contact.updated}), a chunk of an import ({@code
 * contact.imported}) or a tag added by a journey step or the API ({@code contact.tagged}). Features
 * that derive facts from profiles (scores, tags, segments) re-evaluate these contacts in their
 * listener, so a profile change counts at once, not only at their next event or scheduled pass.
 * Merges publish {@link ContactsMerged} instead.
 */
public record ContactsChanged(List<String> contactIds, String reason) {

  public static final String UPDATED = "contact.updated";
  public static final String IMPORTED = "contact.imported";
  public static final String TAGGED = "contact.tagged";

  public ContactsChanged {
    contactIds = List.copyOf(contactIds);
  }
}
