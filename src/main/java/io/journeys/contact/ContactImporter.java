package io.journeys.contact;

import io.journeys.contact.ImportReport.Counts;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.commons.csv.CSVFormat;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads a file of contacts (CSV or .xlsx, {@link SheetRows}) row by row and writes them in one
 * transaction (a failed import leaves nothing behind), a chunk of {@value #CHUNK} rows at a time.
 * The rows are read and cleaned on a second thread ({@link ParsedChunks}); per chunk this thread
 * makes one suppression query and one query for the contacts the rows name (by id, email or phone),
 * inserts the new ones with one {@code COPY} (PostgreSQL; multi-row inserts elsewhere) and updates
 * changed ones in one batch. A bad row is rejected with its line and reason and never stops the
 * import. Memory stays bounded: a few chunks of rows and at most {@value
 * ImportReport.Counts#MAX_LISTED} listed rejections.
 */
@Component
class ContactImporter {

  static final int CHUNK = 2000;

  /** The header is read as the first record, so that blank or repeated names keep their place. */
  static final CSVFormat FORMAT =
      CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).setTrim(true).get();

  private final ContactRepository contacts;
  private final Suppressions suppressions;
  private final ContactMerger merger;

  ContactImporter(ContactRepository contacts, Suppressions suppressions, ContactMerger merger) {
    this.contacts = contacts;
    this.suppressions = suppressions;
    this.merger = merger;
  }

  /**
   * The fields the header maps to, or {@link IllegalArgumentException} when it names no identity.
   */
  static List<String> columns(SheetRows records, Map<String, String> mapping) {
    if (!records.hasNext()) {
      throw new IllegalArgumentException("the file has no header line");
    }
    List<String> columns = ImportColumns.fields(records.next().values(), mapping);
    if (!columns.contains(ImportColumns.EMAIL)
        && !columns.contains(ImportColumns.PHONE)
        && !columns.contains(ImportColumns.CONTACT_ID)) {
      throw new IllegalArgumentException("the header names no contact id, email or phone column");
    }
    return columns;
  }

  /**
   * Imports everything or nothing; {@code progress} is told the counts after every chunk.
   *
   * @param stamp the import's time: created and updated contacts get it as updated_at, which also
   *     tells a duplicate row of this file from an existing contact
   */
  @Transactional
  Counts run(
      SheetRows records, Map<String, String> mapping, Instant stamp, Consumer<Counts> progress) {
    Counts counts = new Counts();
    contacts.planForKeyLookupsInThisTransaction();
    List<String> columns = columns(records, mapping);
    try (ParsedChunks chunks = ParsedChunks.start(records, columns, CHUNK)) {
      for (ParsedChunks.Chunk chunk = chunks.next(); chunk != null; chunk = chunks.next()) {
        counts.read += chunk.read();
        chunk.rejections().forEach(r -> counts.reject(r.line(), r.reason()));
        write(chunk.rows(), chunk.identitiesByHash(), counts, stamp);
        progress.accept(counts);
      }
    }
    return counts;
  }

  private void write(
      List<ImportRow> rows, Map<String, String> identitiesByHash, Counts counts, Instant stamp) {
    if (rows.isEmpty()) {
      return;
    }
    Set<String> suppressed = suppressions.suppressedHashed(identitiesByHash);
    Index index = new Index();
    Pending pending = new Pending();
    index.load(
        contacts.findAllByIdentity(
            distinct(rows, ImportRow::contactId),
            distinct(rows, ImportRow::email),
            distinct(rows, ImportRow::phone)));
    for (ImportRow row : rows) {
      if (suppressed.contains(row.email()) || suppressed.contains(row.phone())) {
        counts.reject(row.line(), "suppressed");
        continue;
      }
      write(row, index, counts, stamp, pending);
    }
    pending.flush();
  }

  private void write(ImportRow row, Index index, Counts counts, Instant stamp, Pending pending) {
    ContactView byId = index.byId(row.contactId());
    ContactView byEmail = index.byEmail(row.email());
    ContactView byPhone = index.byPhone(row.phone());
    ContactView target = byId != null ? byId : byEmail != null ? byEmail : byPhone;
    if (target == null) {
      String id = row.contactId() != null ? row.contactId() : "c-" + UUID.randomUUID();
      ContactView created =
          row.over(
              new ContactView(
                  id,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  ContactService.INITIAL_STAGE,
                  0,
                  Map.of(),
                  Map.of(),
                  Set.of(),
                  stamp,
                  stamp),
              stamp);
      pending.insert(created);
      index.put(created);
      counts.inserted++;
      return;
    }
    boolean merged = stamp.equals(target.updatedAt());
    for (ContactView other :
        List.of(
            Objects.requireNonNullElse(byEmail, target),
            Objects.requireNonNullElse(byPhone, target))) {
      if (!other.id().equals(target.id()) && index.byId(other.id()) != null) {
        index.remove(other);
        index.remove(target);
        pending.flush(); // the merge reads and writes both records in the database
        target = merger.merge(target, other, stamp);
        merged = true;
      }
    }
    index.remove(target);
    ContactView updated = row.over(target, stamp);
    pending.update(updated);
    index.put(updated);
    if (merged) {
      counts.merged++;
    } else {
      counts.updated++;
    }
  }

  private static List<String> distinct(List<ImportRow> rows, Function<ImportRow, String> f) {
    return rows.stream().map(f).filter(Objects::nonNull).distinct().toList();
  }

  /** Writes of a chunk not yet sent: inserted with multi-row statements, updated in a batch. */
  private final class Pending {
    private final Map<String, ContactView> inserts = new LinkedHashMap<>();
    private final Map<String, ContactView> updates = new LinkedHashMap<>();

    void insert(ContactView c) {
      inserts.put(c.id(), c);
    }

    void update(ContactView c) {
      if (inserts.containsKey(c.id())) {
        inserts.put(c.id(), c);
      } else {
        updates.put(c.id(), c);
      }
    }

    void flush() {
      contacts.insertAll(inserts.values());
      contacts.updateAll(updates.values());
      inserts.clear();
      updates.clear();
    }
  }

  /** The contacts of a chunk by id, email and phone, kept current as rows are written. */
  private static final class Index {
    private final Map<String, ContactView> byId = new HashMap<>();
    private final Map<String, String> byEmail = new HashMap<>();
    private final Map<String, String> byPhone = new HashMap<>();

    void load(List<ContactView> found) {
      found.forEach(this::put); // ordered by updated_at: the most recent wins a shared identity
    }

    void put(ContactView c) {
      byId.put(c.id(), c);
      if (c.email() != null) {
        byEmail.put(c.email(), c.id());
      }
      if (c.phone() != null) {
        byPhone.put(c.phone(), c.id());
      }
    }

    void remove(ContactView c) {
      byId.remove(c.id());
      byEmail.remove(c.email(), c.id());
      byPhone.remove(c.phone(), c.id());
    }

    ContactView byId(String id) {
      return id == null ? null : byId.get(id);
    }

    ContactView byEmail(String email) {
      return email == null ? null : byId(byEmail.get(email));
    }

    ContactView byPhone(String phone) {
      return phone == null ? null : byId(byPhone.get(phone));
    }
  }
}
