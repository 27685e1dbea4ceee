package io.journeys.contact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * One cleaned CSV row: trimmed, the quote of a formula-safe export taken off ({@link CsvCells}),
 * email lower-cased, phone in E.164, dates in ISO, the export's {@code attributes} JSON read back.
 * Empty cells are {@code null} (they keep the existing value). {@link #read} throws {@link
 * IllegalArgumentException} with the reason a row is rejected.
 */
record ImportRow(
    long line,
    String contactId,
    String email,
    String phone,
    String firstName,
    String lastName,
    String timezone,
    String locale,
    Map<String, Object> attributes) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @param columns field of each value, in order (see {@link ImportColumns#map})
   * @param values the row's cells
   */
  static ImportRow read(long line, List<String> columns, List<String> values) {
    if (values.size() != columns.size()) {
      throw new IllegalArgumentException(
          "has " + values.size() + " columns, the header has " + columns.size());
    }
    Map<String, String> fields = new LinkedHashMap<>();
    Map<String, Object> attributes = new LinkedHashMap<>();
    Map<String, Object> fromJson = Map.of();
    for (int i = 0; i < columns.size(); i++) {
      String value = values.get(i) == null ? "" : CsvCells.unquote(values.get(i).trim());
      if (value.isEmpty()) {
        continue;
      }
      String column = columns.get(i);
      if (ImportColumns.IGNORED.equals(column)) {
        continue;
      }
      if (ImportColumns.ATTRIBUTES.equals(column)) {
        fromJson = jsonObject(value);
      } else if (column.startsWith("attribute:")) {
        String name = column.substring("attribute:".length());
        attributes.put(
            name, ImportColumns.isDateColumn(name) ? field(name, value, ImportDates::iso) : value);
      } else {
        fields.put(column, value);
      }
    }
    String contactId = fields.get(ImportColumns.CONTACT_ID);
    if (contactId != null && !ContactService.validId(contactId)) {
      throw new IllegalArgumentException("contactId: not a valid contact id");
    }
    String email =
        fields.containsKey(ImportColumns.EMAIL)
            ? field("email", fields.get(ImportColumns.EMAIL), Identities::email)
            : null;
    String phone =
        fields.containsKey(ImportColumns.PHONE)
            ? field("phone", fields.get(ImportColumns.PHONE), Identities::phone)
            : null;
    if (contactId == null && email == null && phone == null) {
      throw new IllegalArgumentException("no contact id, email or phone");
    }
    String timezone = fields.get(ImportColumns.TIMEZONE);
    if (timezone != null && !ZoneId.getAvailableZoneIds().contains(timezone)) {
      throw new IllegalArgumentException("timezone: not an IANA time zone");
    }
    String locale =
        fields.containsKey(ImportColumns.LOCALE)
            ? field("locale", fields.get(ImportColumns.LOCALE), ContactInput::locale)
            : null;
    return new ImportRow(
        line,
        contactId,
        email,
        phone,
        limit("firstName", fields.get(ImportColumns.FIRST_NAME), 200),
        limit("lastName", fields.get(ImportColumns.LAST_NAME), 200),
        timezone,
        locale,
        withJson(fromJson, attributes));
  }

  /** The attributes of a JSON cell, then those of single columns (which win a shared name). */
  private static Map<String, Object> withJson(
      Map<String, Object> json, Map<String, Object> columns) {
    if (json.isEmpty()) {
      return columns;
    }
    Map<String, Object> all = new LinkedHashMap<>(json);
    all.putAll(columns);
    return all;
  }

  private static Map<String, Object> jsonObject(String cell) {
    try {
      Map<String, Object> object = JSON.readValue(cell, ContactRepository.MAP_TYPE);
      if (object == null) {
        throw new IllegalArgumentException("attributes: not a JSON object");
      }
      return object;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("attributes: not a JSON object", e);
    }
  }

  private static String field(String name, String value, UnaryOperator<String> clean) {
    try {
      return clean.apply(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
  }

  private static String limit(String name, String value, int max) {
    if (value != null && value.length() > max) {
      throw new IllegalArgumentException(name + ": at most " + max + " characters");
    }
    return value;
  }

  /** This row's values over an existing contact: empty cells keep what the contact has. */
  ContactView over(ContactView old, Instant now) {
    Map<String, Object> attrs = new LinkedHashMap<>(old.attributes());
    attrs.putAll(attributes);
    return new ContactView(
        old.id(),
        email != null ? email : old.email(),
        phone != null ? phone : old.phone(),
        firstName != null ? firstName : old.firstName(),
        lastName != null ? lastName : old.lastName(),
        timezone != null ? timezone : old.timezone(),
        locale != null ? locale : old.locale(),
        old.lifecycleStage(),
        old.score(),
        attrs,
        Map.of(),
        Set.of(),
        old.createdAt(),
        now);
  }
}
