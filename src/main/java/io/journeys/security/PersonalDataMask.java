package io.journeys.security;

import java.util.regex.Pattern;

/**
 * Masks email addresses and phone numbers in text bound for logs. Phone numbers are international
 * numbers with a leading {@code +}, Chinese mobile numbers (11 digits starting 13–19) and separated
 * North-American style numbers; digit runs inside ids (UUIDs, numbers glued to letters or dashes)
 * are left alone.
 */
public final class PersonalDataMask {

  static final String EMAIL_MASK = "[email]";
  static final String PHONE_MASK = "[phone]";

  private static final Pattern EMAIL =
      Pattern.compile(
          "[\\p{L}\\p{N}._%+'-]+@[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)*\\.\\p{L}{2,}");
  private static final Pattern PHONE =
      Pattern.compile(
          "(?<![\\w+-])(?:\\+\\d{1,3}[ .-]?(?:\\(\\d{1,4}\\)[ .-]?)?\\d(?:[ .-]?\\d){5,13}"
              + "|(?:0086|86)?1[3-9]\\d{9}"
              + "|\\(?\\d{3}\\)?[ .-]\\d{3}[ .-]\\d{4})(?![\\w-])");

  private PersonalDataMask() {}

  /** {@code text} with every email and phone number replaced by a mask. */
  public static String mask(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String masked = text.indexOf('@') >= 0 ? EMAIL.matcher(text).replaceAll(EMAIL_MASK) : text;
    return PHONE.matcher(masked).replaceAll(PHONE_MASK);
  }
}
