package io.journeys.contact;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Facts other features derive about contacts and keep on the profile: the lead score, the lifecycle
 * stage and rule-driven tags with their source. Implemented by the contact feature (which owns the
 * tables); used by scoring. Tags written here are read like any other tag ({@link
 * ContactView#tags()}, {@code GET /api/contacts/{id}}).
 */
public interface ContactFacts {

  /**
   * A tag of a contact: where it came from (e.g. {@code rule:vip@3}, {@code journey}, {@code api})
   * and since when.
   */
  record TagFact(String tag, String source, Instant since) {}

  /** What rules read of a contact's profile. */
  record ProfileFacts(
      String id,
      String phone,
      String lifecycleStage,
      Map<String, Object> attributes,
      Instant createdAt) {}

  /** Profiles of the contacts that exist among these ids. */
  Map<String, ProfileFacts> profiles(Collection<String> contactIds);

  /**
   * A contact as a segment condition reads it: its profile ({@code consent} is not read and empty)
   * and its tags (empty unless asked for).
   */
  record TaggedContact(ContactView contact, Set<String> tags) {}

  /**
   * The contacts that exist among these ids, for a batch: one query for the contacts and, when
   * {@code withTags}, one for their tags (per 1,000 ids).
   */
  Map<String, TaggedContact> contacts(Collection<String> contactIds, boolean withTags);

  /**
   * Contact ids in id order after {@code afterId} (null: from the first), at most {@code limit}.
   */
  List<String> idsAfter(String afterId, int limit);

  /**
   * Every {@code every}-th contact id after {@code afterId} (null: from the first), in id order:
   * the upper ends of ranges of {@code every} contacts, for work split into batches by id range.
   */
  List<String> rangeEnds(String afterId, int every);

  /**
   * Locks the rows of these contacts (in id order, as the event intake does) until the end of the
   * transaction, so that derived facts are not written by two transactions at once.
   */
  void lock(Collection<String> contactIds);

  /**
   * Locks, as {@link #lock}, the contacts with an id after {@code afterId} and up to {@code upTo}
   * (either null: open) in one statement; answers their ids in id order.
   */
  List<String> lockRange(String afterId, String upTo);

  /**
   * Locks the rows of those of these contacts that no other transaction has locked, without
   * waiting, until the end of the transaction; answers the ids it locked (existing contacts only).
   */
  List<String> tryLock(Collection<String> contactIds);

  /** How many contacts there are. */
  long count();

  /** Sets each contact's score (contacts that do not exist are skipped). */
  void setScores(Map<String, Integer> scores);

  /**
   * A published query: the contacts as a SQL relation with the fields rules read (columns {@code
   * id}, {@code phone}, {@code attributes} — a JSON object as text, or null), for a feature that
   * derives facts set-based in SQL on the same database (lead scoring's re-score). The contact
   * feature owns its text; callers put it in parentheses and select from it.
   */
  String profileRelation();

  /**
   * Sets the score of every contact named by {@code scores}, a SQL relation with the columns {@code
   * contact_id} and {@code total} (the caller's own query, with its named parameters in {@code
   * parameters}), where it differs: one statement, for set-based re-scoring.
   */
  void copyScores(String scores, Map<String, ?> parameters);

  /** Sets each contact's lifecycle stage. */
  void setLifecycleStages(Map<String, String> stages);

  /** Tags of these contacts with source and time (contacts without tags are absent). */
  Map<String, List<TagFact>> tags(Collection<String> contactIds);

  /** Adds a tag with its source; answers whether it was new. */
  boolean tag(String contactId, String tag, String source, Instant now);

  /** Removes a tag; answers whether the contact had it. */
  boolean untag(String contactId, String tag);
}
