package io.journeys.contact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdentitiesTest {

  @ParameterizedTest
  @CsvSource({
    "13800138000, +8613800138000",
    "'  138 0013 8000 ', +8613800138000",
    "+86 138-0013-8000, +8613800138000",
    "008613800138000, +8613800138000",
    "+1 (415) 555-2671, +14155552671",
    "+44 20 7946 0958, +442079460958"
  })
  void phonesBecomeE164(String raw, String e164) {
    assertThat(Identities.phone(raw)).isEqualTo(e164);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"abc", "12345", "1-800-FLOWERS", "+86 1380013800099999", "13800x138000", " "})
  void whatCannotBeAPhoneIsRefused(String raw) {
    assertThatThrownBy(() -> Identities.phone(raw)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void emailsAreTrimmedAndLowerCased() {
    assertThat(Identities.email("  Li.Lei@Example.COM ")).isEqualTo("li.lei@example.com");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "li.lei",
        "li lei@example.com",
        "@example.com",
        "li@",
        "li@example",
        "a@b@c.com",
        "",
        // finding 9: display names, quoting, lists, comments and malformed dots or labels
        "x<victim@example.com>",
        "\"x\" <victim@example.com>",
        "victim@example.com>",
        "<victim@example.com>",
        "a@example.com,b@example.com",
        "victim@example.com (x)",
        "li..lei@example.com",
        ".li@example.com",
        "li@-example.com",
        "li@example.com.",
        "li@exa_mple.com"
      })
  void invalidEmailsAreRefusedWithoutEchoingThem(String raw) {
    assertThatThrownBy(() -> Identities.email(raw))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("@"));
  }

  @Test
  void plainAddressesOfAnyScriptPass() {
    assertThat(Identities.email("li.lei+promo@mail.example.com"))
        .isEqualTo("li.lei+promo@mail.example.com");
    assertThat(Identities.email("o'brien@example.ie")).isEqualTo("o'brien@example.ie");
    assertThat(Identities.email("李雷@例子.中国")).isEqualTo("李雷@例子.中国");
  }

  @Test
  void hashIsHexSha256() {
    assertThat(Identities.hash("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void theFastPathForMainlandMobilesAgreesWithLibphonenumber() {
    PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    Random random = new Random(7);
    for (int n = 0; n < 50_000; n++) { // every 1xx prefix, random subscriber numbers
      String digits =
          "1" + String.format("%02d", n % 100) + String.format("%08d", random.nextInt(100_000_000));
      String expected;
      try {
        PhoneNumber parsed = util.parse(digits, Identities.DEFAULT_REGION);
        expected = util.isValidNumber(parsed) ? util.format(parsed, PhoneNumberFormat.E164) : null;
      } catch (NumberParseException e) {
        expected = null;
      }
      if (expected == null) {
        assertThatThrownBy(() -> Identities.phone(digits))
            .as(digits)
            .isInstanceOf(IllegalArgumentException.class);
      } else {
        assertThat(Identities.phone(digits)).as(digits).isEqualTo(expected);
      }
    }
  }
}
