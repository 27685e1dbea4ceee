package io.journeys.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.instance.OutputEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code dmn/content-by-profile.dmn}: seed 004 内容匹配规则 (母婴用户推送育儿知识短视频; 价格敏感用户推送 "满减券",
 * 高价值用户推送"专属折扣+赠品"); every template it can pick exists in every locale, and the file opens in
 * Modeler with its diagram.
 */
class ContentByProfileDecisionTest {

  static final Path FILE = Path.of("dmn", "content-by-profile.dmn");
  static DmnEngine dmn;
  static DmnDecision decision;

  @BeforeAll
  static void parse() throws Exception {
    dmn = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();
    try (InputStream in = Files.newInputStream(FILE)) {
      decision = dmn.parseDecision("content-by-profile", in);
    }
  }

  @ParameterizedTest
  @CsvSource({
    "'mother-baby', reactivation-offer-parenting",
    "'母婴', reactivation-offer-parenting",
    "'mother-baby,high-value', reactivation-offer-parenting",
    "'high-value-dormant', reactivation-offer-vip",
    "'高价值,价格敏感', reactivation-offer-vip",
    "'price-sensitive', reactivation-offer-coupon",
    "'价格敏感', reactivation-offer-coupon",
    "'vip-newsletter', reactivation-offer",
    "'', reactivation-offer"
  })
  void picksTheTemplateFromTheTags(String tags, String template) {
    List<String> list = tags.isEmpty() ? List.of() : List.of(tags.split(","));

    Object picked =
        dmn.evaluateDecisionTable(decision, Map.of("tags", list))
            .getSingleResult()
            .getSingleEntry();

    assertThat(picked).isEqualTo(template);
  }

  @Test
  void everyTemplateItPicksExistsInEveryLocaleAndTheFileHasItsDiagram() throws Exception {
    DmnModelInstance model = Dmn.readModelFromFile(FILE.toFile());
    List<String> templates =
        model.getModelElementsByType(OutputEntry.class).stream()
            .map(entry -> entry.getTextContent().trim().replace("\"", ""))
            .toList();
    assertThat(templates).hasSize(4);
    for (String template : templates) {
      for (String locale : BpmnModelConventions.TEMPLATE_LOCALES) {
        assertThat(BpmnModelConventions.MESSAGES.resolve(template).resolve(locale + ".mustache"))
            .as(template + " in " + locale)
            .isRegularFile();
      }
    }
    assertThat(Files.readString(FILE))
        .contains("<dmndi:DMNShape")
        .contains("camunda:historyTimeToLive=\"P180D\"");
  }
}
