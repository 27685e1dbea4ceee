package io.journeys.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The messages of the seed journeys render in both languages with the variables their steps give
 * them (coupon code from the step, watched products from "Read contact") and say what the seed
 * names. Columns: template, locale, what the text must contain ({@code |}-separated).
 */
class SeedMessageTemplatesTest {

  private final MessageTemplates templates = new MessageTemplates();

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = ';',
      value = {
        // seed 000 购物车挽回: 库存紧张 email with coupon, 支付引导
        "cart-low-stock; zh-CN; 库存紧张|CODE-1",
        "cart-low-stock; en; stock is running low|CODE-1",
        "cart-payment-guide; zh-CN; 优惠券|CODE-1|支付",
        "cart-payment-guide; en; coupon CODE-1|pay",
        // seed 001: 支付提醒短信, 同类商品好评推荐
        "cart-payment-reminder; zh-CN; 未支付",
        "cart-payment-reminder; en; waiting for payment",
        "cart-similar-reviews; zh-CN; 同类商品的好评",
        "cart-similar-reviews; en; reviews of products like",
        // seed 000 新手用户培育: 欢迎邮件+新手指南, 满减券 (7 days)
        "onboarding-welcome; zh-CN; 新手指南|/help/getting-started",
        "onboarding-welcome; en; Getting-started guide|/help/getting-started",
        // seed 003 A/B测试 文案主题: the welcome email's variant leads with the coupon
        "onboarding-welcome-gift; zh-CN; 新人专享券|新手指南|/help/getting-started",
        "onboarding-welcome-gift; en; new-member coupon|Getting-started guide|/help/getting-started",
        "onboarding-coupon; zh-CN; 满 199 元减 30 元|CODE-1|7 天",
        "onboarding-coupon; en; ¥30 off an order of ¥199|CODE-1|7th day",
        // seed 002 沉睡会员唤醒: 您关注的商品补货, 满减券 / 无门槛券
        "winback-gift; zh-CN; 您关注的商品补货啦|Merino scarf|满减券 CODE-1",
        "winback-gift; en; back in stock|Merino scarf|spend-and-save coupon CODE-1",
        "winback-gift-vip; zh-CN; 您关注的商品补货啦|Merino scarf|无门槛券 CODE-1",
        "winback-gift-vip; en; back in stock|Merino scarf|no-threshold coupon CODE-1",
        // seed 004 沉睡唤醒
        "reactivation-coupon; zh-CN; 专属优惠券 CODE-1",
        "reactivation-coupon; en; exclusive coupon CODE-1",
        "reactivation-reminder; zh-CN; CODE-1|即将过期",
        "reactivation-reminder; en; CODE-1|expires",
        "reactivation-price-drop; zh-CN; 您关注的商品降价了|Merino scarf",
        "reactivation-price-drop; en; prices dropped on Merino scarf",
        "reactivation-offer; zh-CN; 满减券 CODE-1|限时折扣",
        "reactivation-offer; en; coupon CODE-1|flash discount",
        "reactivation-offer-coupon; zh-CN; 满减券 CODE-1",
        "reactivation-offer-coupon; en; coupon CODE-1",
        "reactivation-offer-parenting; zh-CN; 育儿知识短视频|CODE-1",
        "reactivation-offer-parenting; en; parenting short video|CODE-1",
        "reactivation-offer-vip; zh-CN; 专属|赠品|CODE-1",
        "reactivation-offer-vip; en; exclusive 15% discount and a free gift|CODE-1",
        "reactivation-service-invite; zh-CN; 专属客服一对一",
        "reactivation-service-invite; en; one to one"
      })
  void rendersWithTheStepsVariables(String template, String locale, String expected) {
    Map<String, Object> model = new HashMap<>(MessageTemplatesTest.model("Mei"));
    model.put("couponCode", "CODE-1");
    model.put("watchedProducts", List.of("Merino scarf"));

    RenderedMessage rendered = templates.render(template, locale, model);

    assertThat(rendered.locale()).isEqualTo(locale);
    assertThat(rendered.require("subject")).isNotBlank();
    for (String part : expected.split("\\|")) {
      assertThat(rendered.require("text")).as(template + " " + locale).contains(part);
    }
    assertThat(rendered.require("text")).contains("https://shop.example.com/");
    if (rendered.parts().containsKey("html")) {
      assertThat(rendered.require("html")).contains("href=\"https://journeys.example/u/token\"");
    }
  }
}
