package io.journeys.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessageTemplatesTest {

  private final MessageTemplates templates = new MessageTemplates();

  @Test
  void missingVariableFailsNamingTemplateAndVariable() {
    assertThatThrownBy(() -> templates.render("test-strict", "en", model("Lei")))
        .isInstanceOf(MessageSendException.class)
        .hasMessageContaining("test-strict")
        .hasMessageContaining("'couponCode'");
  }

  @Test
  void knownButEmptyVariableRendersBlankAndIsFalseInSections() {
    RenderedMessage rendered = templates.render("test-locales", "en", model(null));

    assertThat(rendered.require("subject")).isEqualTo("en there");
    assertThat(rendered.require("text")).isEqualTo("en text <>");
  }

  @Test
  void textPartsAreNotHtmlEscaped() {
    assertThat(templates.render("test-locales", "en", model("Tom & <Jerry>")).require("text"))
        .isEqualTo("en text <Tom & <Jerry>>");
  }

  @ParameterizedTest
  @CsvSource({
    "zh-CN, zh-CN",
    "zh_CN, zh-CN",
    "zh, zh-CN",
    "zh-TW, zh-CN",
    "de-AT, de",
    "fr, en",
    "'', en"
  })
  void choosesLocaleThenLanguageThenEnglish(String wanted, String expected) {
    assertThat(templates.resolveLocale("test-locales", wanted)).isEqualTo(expected);
  }

  @Test
  void unknownOrInvalidTemplateFails() {
    assertThatThrownBy(() -> templates.render("no-such-template", "en", model("x")))
        .isInstanceOf(MessageSendException.class)
        .hasMessageContaining("no-such-template");
    assertThatThrownBy(() -> templates.render("../secrets", "en", model("x")))
        .isInstanceOf(MessageSendException.class);
  }

  @Test
  void splitsPartsAtMarkers() {
    assertThat(
            MessageTemplates.split("{{! c }}\n=== subject\nS\n=== html\n<p>H</p>\n\n=== text\nT\n"))
        .containsExactly(
            Map.entry("subject", "S"), Map.entry("html", "<p>H</p>"), Map.entry("text", "T"));
  }

  @ParameterizedTest
  @CsvSource({
    "lead-welcome, en", "lead-welcome, zh-CN", "lead-nurture-followup, en",
    "lead-nurture-followup, zh-CN", "cart-reminder, en", "cart-reminder, zh-CN",
    "winback-hot-products, en", "onboarding-welcome, en", "onboarding-hot-products, en"
  })
  void shippedEmailTemplatesRenderWithTheContactModel(String template, String locale) {
    RenderedMessage rendered = templates.render(template, locale, model("Lei"));

    assertThat(rendered.locale()).isEqualTo(locale);
    assertThat(rendered.require("subject")).isNotBlank();
    assertThat(rendered.require("html"))
        .contains("href=\"https://shop.example.com/")
        .contains("href=\"https://journeys.example/u/token\"");
    assertThat(rendered.require("text")).contains("https://shop.example.com/");
    assertThat(templates.render(template, locale, model(null)).require("subject")).isNotBlank();
  }

  @Test
  void smsTemplateHasTextInBothLanguages() {
    assertThat(templates.render("cart-sms-video", "zh-CN", model("雷")).require("text"))
        .startsWith("【商城】雷，")
        .contains("https://shop.example.com/cart");
    assertThat(templates.render("cart-sms-video", "en", model(null)).require("text"))
        .startsWith("see your cart")
        .doesNotContain("null");
  }

  static Map<String, Object> model(String firstName) {
    Map<String, Object> model = new HashMap<>();
    model.put("contactId", "c-1");
    model.put("firstName", firstName);
    model.put("lastName", "Li");
    model.put("displayName", "Lei Li");
    model.put("email", "li.lei@example.com");
    model.put("phone", null);
    model.put("locale", "en");
    model.put("timezone", null);
    model.put("lifecycleStage", null);
    model.put("score", 10);
    model.put("tags", List.of("vip"));
    model.put("attributes", Map.of("city", "Shanghai"));
    model.put("messageId", "m-1");
    model.put("publicUrl", "https://journeys.example");
    model.put("shopUrl", "https://shop.example.com");
    model.put("unsubscribeUrl", "https://journeys.example/u/token");
    return model;
  }
}
