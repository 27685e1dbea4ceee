package io.journeys.contact;

import java.io.OutputStream;
import java.util.List;

/**
 * The contact CSV export (the columns of {@code GET /api/contacts/export}, formula-safe cells, a
 * byte-order mark) for a set of contacts another feature names, e.g. a segment's members.
 */
public interface ContactCsv {

  /**
   * Pages of contact ids in ascending order: the ids after {@code after} ("" first), at most {@code
   * limit}.
   */
  @FunctionalInterface
  interface IdPages {
    List<String> next(String after, int limit);
  }

  /**
   * Writes the contacts the pages name, read in one read-only snapshot transaction (the pages are
   * asked inside it), a page at a time; ids of contacts that do not exist are left out.
   *
   * @return how many contacts were written
   */
  long export(IdPages pages, OutputStream out);
}
