package io.journeys.journey;

import static io.journeys.journey.SeedJourneys.fireTimer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import io.journeys.channel.RecordingSendPath;
import io.journeys.event.EventTypes;
import io.journeys.journey.JourneyTestDoubles.InMemoryContacts;
import io.journeys.journey.SeedJourneys.InMemoryEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every path of {@code bpmn/dormant-win-back.bpmn} against seed 002's 沉睡会员唤醒流程 node table (节点1
 * 推送"专属回归礼包" 立即; 节点2 发送"热门商品推荐" 用户未点击礼包 3天后; 节点3 企微客服1对1关怀 用户未浏览 推荐商品 7天后; 节点4 结束流程/标记为"深度沉睡"
 * 用户未产生复购行为 30天后), its split "高价值沉睡"(近半年消费 ≥3次, 无门槛券) / "低价值沉睡"(仅消费1次, 满减券) and its first message
 * ("您关注的XX款商品补货啦，专属优惠券 已为您备好"). Every delay counts from the entry. The class fails below 100 %
 * coverage.
 */
@Deployment(resources = {"bpmn/dormant-win-back.bpmn", "forms/wecom-care.form"})
class DormantWinBackProcessTest {

  @RegisterExtension
  static ProcessEngineCoverageExtension engine =
      ProcessEngineCoverageExtension.builder()
          .configurationResource(JourneyTestDoubles.ENGINE_CONFIG)
          .assertClassCoverageAtLeast(1.0)
          .build();

  static final String CONTACT = "c-4001";
  static final Instant ENTERED = Instant.parse("2026-11-23T02:00:00Z");

  ProcessEngine processEngine;
  RecordingSendPath channel;
  InMemoryContacts contacts = new InMemoryContacts();
  InMemoryEvents events = new InMemoryEvents();
  JourneyDriver driver;

  @BeforeEach
  void setUp() {
    driver = JourneyDriver.start(processEngine, ENTERED);
    channel = driver.channel();
    SeedJourneys.dormantJourney(
        driver,
        contacts,
        events,
        (contactId, limit) ->
            List.of(
                new RecentActivity.Entry(
                    EventTypes.EMAIL_OPENED, Instant.parse("2026-11-24T09:30:00Z"))),
        CONTACT);
    events.add(
        CONTACT,
        EventTypes.PRODUCT_VIEWED,
        ENTERED.minus(Duration.ofDays(100)),
        Map.of("productId", "p-7", "productName", "Merino scarf"));
  }

  @AfterEach
  void tearDown() {
    JourneyDriver.stop();
  }

  @Test
  void threeOrdersInHalfAYearIsHighValueAndGetsTheNoThresholdCoupon() {
    orders(100, 120, 150);
    ProcessInstance pi = giftSent("winback-gift-vip", "VIP-GIFT");
    assertThat(pi).hasPassed("Task_SendVipGiftEmail").hasNotPassed("Task_SendGiftEmail");

    driver.event(CONTACT, EventTypes.COUPON_CLAIMED, Map.of("couponId", "VIP-GIFT"));

    assertThat(pi).hasPassed("EndEvent_GiftClaimed");
    deepDormant30DaysAfterEntry(pi);
    assertThat(channel.sent()).hasSize(1);
  }

  @Test
  void theHighValueDormantTagAlsoMakesAMemberHighValue() {
    member(Set.of("high-value-dormant"));
    orders(100);
    ProcessInstance pi = giftSent("winback-gift-vip", "VIP-GIFT");

    assertThat(pi).hasPassed("Task_SendVipGiftEmail");
  }

  @Test
  void oneOrderIsLowValueAndAViewOfTheHotProductsWaitsForAnOrder() {
    orders(100);
    ProcessInstance pi = hotProductsSent();

    driver.event(CONTACT, EventTypes.PRODUCT_VIEWED, Map.of("productId", "p-1"));

    assertThat(pi).hasPassed("EndEvent_ProductsViewed").isWaitingAt("Event_OrderPlaced");
    driver.event(CONTACT, EventTypes.ORDER_PLACED, Map.of("orderId", "o-1"));
    assertThat(pi).isEnded().hasPassed("EndEvent_WonBackLater").hasNotPassed("Task_WeComCare");
    assertThat(contacts.tags).isEmpty();
  }

  @Test
  void noViewByDay7BringsACareTaskDueInTwoDaysAndDay30DoesNotWaitForIt() {
    orders(200);
    ProcessInstance pi = hotProductsSent();

    // 节点3: 7 days after the entry (4 days after the hot products of day 3)
    fireTimer(processEngine, pi, "Event_ProductsNotViewed", ENTERED.plus(Duration.ofDays(7)));

    Task care = task();
    assertThat(care).hasCandidateGroup("customer-service").hasName("WeCom 1:1 care");
    assertThat(care.getDueDate()).isEqualTo(Date.from(ENTERED.plus(Duration.ofDays(9))));
    assertThat(processEngine.getTaskService().getVariablesLocal(care.getId()))
        .containsEntry("memberName", "Mei Han");

    // 节点4: day 30 comes although customer service never completed the task
    deepDormant30DaysAfterEntry(pi);
    assertThat(processEngine.getTaskService().createTaskQuery().count()).isZero();
  }

  @Test
  void aCompletedCareTaskWaitsForAnOrderUntilDay30() {
    orders(200);
    ProcessInstance pi = hotProductsSent();
    fireTimer(processEngine, pi, "Event_ProductsNotViewed", ENTERED.plus(Duration.ofDays(7)));

    complete(
        task(),
        withVariables(
            "careResult", "interested", "careNote", "Will look at the winter collection"));

    assertThat(pi).hasPassed("EndEvent_Cared").isWaitingAt("Event_OrderPlaced");
    deepDormant30DaysAfterEntry(pi);
  }

  @Test
  void anOrderDuringTheWinBackWinsTheMemberBack() {
    ProcessInstance pi = giftSent("winback-gift", "COMEBACK20");

    driver.event(CONTACT, EventTypes.ORDER_PLACED, Map.of("orderId", "o-1"));

    assertThat(pi).isEnded().hasPassed("EndEvent_WonBack").hasNotPassed("Task_TagDeepDormant");
    assertThat(processEngine.getManagementService().createJobQuery().count()).isZero();
  }

  @Test
  void unsubscribingStopsTheWinBackAtOnce() {
    ProcessInstance pi = hotProductsSent();

    driver.event(CONTACT, EventTypes.MESSAGE_UNSUBSCRIBED, Map.of("channel", "email"));

    assertThat(pi).isEnded().hasPassed("EndEvent_Unsubscribed").hasNotPassed("Task_WeComCare");
    assertThat(processEngine.getManagementService().createJobQuery().count()).isZero();
  }

  private void member(Set<String> tags) {
    contacts.contacts.put(CONTACT, SeedJourneys.contact(CONTACT, tags, Map.of()));
  }

  private void orders(int... daysAgo) {
    for (int days : daysAgo) {
      events.add(
          CONTACT,
          EventTypes.ORDER_PLACED,
          ENTERED.minus(Duration.ofDays(days)),
          Map.of("orderId", "o-" + days));
    }
  }

  /**
   * 节点1 (立即): read the member, then the gift of their value tier, naming the product they looked
   * at.
   */
  private ProcessInstance giftSent(String template, String coupon) {
    ProcessInstance pi =
        SeedJourneys.enteredAndRead(
            driver,
            JourneyConstants.MSG_SEGMENT_DORMANT_ENTERED,
            "dormant",
            JourneyConstants.PROCESS_DORMANT_WIN_BACK,
            CONTACT);
    driver.send(pi);
    assertThat(channel.last()).extracting("channel", "template").containsExactly("email", template);
    assertThat(channel.last().variables())
        .containsEntry("couponCode", coupon)
        .containsEntry("watchedProducts", List.of("Merino scarf"));
    assertThat(pi).isWaitingAt("Gateway_GiftClaimed");
    return pi;
  }

  /** 节点2: gift not claimed in 3 days → hot products. */
  private ProcessInstance hotProductsSent() {
    ProcessInstance pi = giftSent("winback-gift", "COMEBACK20");
    fireTimer(processEngine, pi, "Event_GiftNotClaimed", ENTERED.plus(Duration.ofDays(3)));
    driver.send(pi);
    assertThat(channel.last())
        .extracting("channel", "template")
        .containsExactly("email", "winback-hot-products");
    assertThat(pi).isWaitingAt("Gateway_ProductViewed");
    return pi;
  }

  /** 节点4: 30 days after the entry, whatever is still open, tagged deep-dormant. */
  private void deepDormant30DaysAfterEntry(ProcessInstance pi) {
    fireTimer(processEngine, pi, "StartEvent_ThirtyDaysOver", ENTERED.plus(Duration.ofDays(30)));
    driver.executeAsyncJob(pi);
    assertThat(contacts.tags).containsEntry(CONTACT, Set.of("deep-dormant"));
    assertThat(pi).isEnded().hasPassed("EndEvent_DeepDormant").hasNotPassed("EndEvent_WonBack");
  }
}
