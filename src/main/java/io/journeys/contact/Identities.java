package io.journeys.contact;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Normalises the identities a contact is found by (email, phone) and hashes them for the
 * suppression list. Every method throws {@link IllegalArgumentException} whose message is a reason
 * fit for a client (it never repeats the input).
 */
public final class Identities {

  /** Numbers without a country code are read as mainland China numbers. */
  static final String DEFAULT_REGION = "CN";

  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

  /**
   * A bare address, no display name, comment, quoting or list (finding 9: {@code x<v@example.com>}
   * once passed and was delivered to v): a dot-atom local part of RFC 5322 atext (and letters and
   * digits of any script), at most 64 characters; a domain of two or more labels of letters, digits
   * and inner hyphens.
   */
  private static final String ATEXT = "[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~-]";

  private static final String LABEL = "[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?";
  private static final Pattern EMAIL =
      Pattern.compile(
          "^(?=[^@]{1,64}@)"
              + ATEXT
              + "+(?:\\."
              + ATEXT
              + "+)*@"
              + LABEL
              + "(?:\\."
              + LABEL
              + ")+$");
  private static final Pattern PHONE_CHARS = Pattern.compile("^\\+?[0-9()\\-.\\s]+$");

  private Identities() {}

  /** Trimmed, lower-cased and checked. */
  public static String email(String raw) {
    String email = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
    if (email.isEmpty()) {
      throw new IllegalArgumentException("must not be blank");
    }
    if (email.length() > 320 || !EMAIL.matcher(email).matches()) {
      throw new IllegalArgumentException("not a valid email address");
    }
    return email;
  }

  /**
   * E.164; an 11-digit mainland China mobile ({@code 13800138000}) becomes {@code +8613800138000}.
   */
  public static String phone(String raw) {
    String phone = raw == null ? "" : raw.trim();
    if (phone.isEmpty()) {
      throw new IllegalArgumentException("must not be blank");
    }
    if (phone.length() > 40 || !PHONE_CHARS.matcher(phone).matches()) {
      throw new IllegalArgumentException("not a phone number");
    }
    String mobile = mainlandMobile(phone);
    if (mobile != null) {
      return mobile;
    }
    try {
      PhoneNumber number = PHONES.parse(phone, DEFAULT_REGION);
      if (!PHONES.isValidNumber(number)) {
        throw new IllegalArgumentException("not a valid phone number");
      }
      return PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
    } catch (NumberParseException e) {
      throw new IllegalArgumentException("not a phone number", e);
    }
  }

  /**
   * The fast path of the most common input, an 11-digit mainland mobile written as digits only
   * ({@code 13800138000}): checked with the same metadata but without libphonenumber's parsing (the
   * most expensive step of an import); {@code null} when the input is anything else or not valid,
   * which then takes the full path.
   */
  private static String mainlandMobile(String phone) {
    if (phone.length() != 11 || phone.charAt(0) != '1') {
      return null;
    }
    for (int i = 1; i < 11; i++) {
      if (phone.charAt(i) < '0' || phone.charAt(i) > '9') {
        return null;
      }
    }
    PhoneNumber number =
        new PhoneNumber().setCountryCode(86).setNationalNumber(Long.parseLong(phone));
    return PHONES.isValidNumber(number) ? "+86" + phone : null;
  }

  /**
   * Hex SHA-256 of an already normalised identity: the unkeyed hash of rows written before the
   * keyed {@link IdentityHashes} (hardening finding 12); new rows use {@link IdentityHashes}.
   */
  public static String hash(String normalised) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(normalised.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
