package io.journeys.contact;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maps CSV headers (English or Chinese, any case) to contact fields; a header that maps to no field
 * becomes a free attribute. An import may add its own mapping {@code header -> field}.
 */
final class ImportColumns {

  static final String CONTACT_ID = "contactId";
  static final String EMAIL = "email";
  static final String PHONE = "phone";
  static final String FIRST_NAME = "firstName";
  static final String LAST_NAME = "lastName";
  static final String TIMEZONE = "timezone";
  static final String LOCALE = "locale";

  /** A JSON object of attributes, as the export writes them. */
  static final String ATTRIBUTES = "attributes";

  static final String IGNORED = "ignored";
  static final List<String> FIELDS =
      List.of(CONTACT_ID, EMAIL, PHONE, FIRST_NAME, LAST_NAME, TIMEZONE, LOCALE, ATTRIBUTES);

  private static final Map<String, String> ALIASES = new HashMap<>();

  static {
    alias(CONTACT_ID, "contactid", "contact_id", "contact id", "id", "客户编号", "客户id", "编号");
    alias(EMAIL, "email", "e-mail", "mail", "email address", "邮箱", "电子邮件", "电子邮箱", "邮件");
    alias(
        PHONE,
        "phone",
        "mobile",
        "cell",
        "phone number",
        "telephone",
        "tel",
        "手机",
        "手机号",
        "手机号码",
        "电话",
        "电话号码",
        "联系电话");
    alias(
        FIRST_NAME, "firstname", "first_name", "first name", "given name", "名", "名字", "姓名", "name");
    alias(LAST_NAME, "lastname", "last_name", "last name", "surname", "family name", "姓", "姓氏");
    alias(TIMEZONE, "timezone", "time zone", "tz", "时区");
    alias(LOCALE, "locale", "language", "lang", "语言");
    alias(ATTRIBUTES, "attributes", "属性");
    // the columns of our own export that an import does not take (consent needs its own source)
    alias(
        IGNORED,
        "lifecyclestage",
        "score",
        "tags",
        "consent.email",
        "consent.sms",
        "consent.wecom",
        "consent.push",
        "createdat",
        "updatedat");
  }

  private ImportColumns() {}

  private static void alias(String field, String... names) {
    for (String name : names) {
      ALIASES.put(name, field);
    }
  }

  private static String key(String header) {
    return header.replace("\uFEFF", "").trim().toLowerCase(Locale.ROOT);
  }

  /**
   * Field of each header, in header order: a contact field, {@code attribute:<header>}, or {@link
   * #IGNORED} for a blank header.
   *
   * @param custom header to field, overriding the built-in aliases
   */
  static List<String> fields(List<String> headers, Map<String, String> custom) {
    Map<String, String> own = new HashMap<>();
    custom.forEach((h, f) -> own.put(key(h), f));
    List<String> fields = new ArrayList<>(headers.size());
    for (String header : headers) {
      String k = key(header);
      String field = own.containsKey(k) ? own.get(k) : ALIASES.get(k);
      boolean known =
          field != null
              && (FIELDS.contains(field)
                  || IGNORED.equals(field)
                  || field.startsWith("attribute:"));
      fields.add(
          k.isEmpty()
              ? IGNORED
              : known ? field : "attribute:" + header.replace("\uFEFF", "").trim());
    }
    return fields;
  }

  /** Whether {@code field} may be the target of a mapping: a field, ignored, attribute:<name>. */
  static boolean isField(String field) {
    return field != null
        && (FIELDS.contains(field)
            || IGNORED.equals(field)
            || (field.startsWith("attribute:") && field.length() > "attribute:".length()));
  }

  /** Whether an attribute column holds dates (normalised to ISO, or the row is rejected). */
  static boolean isDateColumn(String header) {
    String h = header.toLowerCase(Locale.ROOT);
    boolean camelCaseAt =
        header.length() > 2
            && header.endsWith("At")
            && Character.isLowerCase(header.charAt(header.length() - 3));
    return camelCaseAt
        || h.endsWith("_at")
        || h.contains("date")
        || h.contains("birthday")
        || h.contains("日期")
        || h.contains("生日")
        || h.contains("时间");
  }
}
