package io.journeys.journey;

import static io.journeys.journey.SeedJourneys.fireTimer;
import static io.journeys.journey.SeedJourneys.now;
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
 * Every path of {@code bpmn/dormant-reactivation.bpmn} against seed 004's 沉睡用户唤醒 table: 触发唤醒
 * (用户30天未登录且无消费行为 → 发送唤醒短信(含专属优惠券)); 行为追踪 (用户点击短信进入商城 → 推送"您关注的 商品降价了"弹窗; 若未点击: 3天后发送二次提醒); 转化引导
 * (用户浏览商品页面≥3分钟 → 推送"满减券+限时折扣"组合优惠; 若未下单: 24小时后推送"客服一对一"); 流程结束 (用户下单/未下单(7天后) → 记录结果，标记"唤醒成功/失败";
 * 失败用户 转入人工客服跟进); and its rules 触达渠道 (年轻用户优先企业微信/短信) and 内容类型 (母婴用户推送育儿知识短视频). The class fails
 * below 100 % coverage.
 */
@Deployment(
    resources = {
      "bpmn/dormant-reactivation.bpmn",
      "dmn/content-by-profile.dmn",
      "forms/customer-service-follow-up.form"
    })
class DormantReactivationProcessTest {

  @RegisterExtension
  static ProcessEngineCoverageExtension engine =
      ProcessEngineCoverageExtension.builder()
          .configurationResource(JourneyTestDoubles.ENGINE_CONFIG)
          .assertClassCoverageAtLeast(1.0)
          .build();

  static final String CONTACT = "c-5001";
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
    SeedJourneys.dormantJourney(driver, contacts, events, (contactId, limit) -> List.of(), CONTACT);
  }

  @AfterEach
  void tearDown() {
    JourneyDriver.stop();
  }

  @Test
  void aYoungMotherVisitsBrowsesGetsTheParentingOfferThenOneToOneServiceAndOrders() {
    contacts.contacts.put(
        CONTACT,
        SeedJourneys.contact(
            CONTACT, Set.of("mother-baby"), Map.of("age", 28, "wecomUserId", "wx-5001")));
    ProcessInstance pi = couponSent("wecom");

    // 行为追踪: 点击短信进入商城 → "您关注的商品降价了"
    driver.event(
        CONTACT, EventTypes.PAGE_VIEWED, Map.of("url", "https://shop.example.com/?coupon=BACK30"));
    driver.send(pi);
    assertThat(channel.last())
        .extracting("channel", "template")
        .containsExactly("push", "reactivation-price-drop");

    // 转化引导: 浏览商品页面≥3分钟 → 组合优惠, its content by profile (母婴 → 育儿短视频)
    viewProduct(pi, 200);
    offerPushed(pi, "reactivation-offer-parenting");
    Instant offeredAt = now();

    // 若未下单: 24小时后 "客服一对一" on the best channel, and a 1:1 task for customer service
    fireTimer(processEngine, pi, "Event_NoOrderIn24Hours", offeredAt.plus(Duration.ofHours(24)));
    driver.send(pi);
    assertThat(channel.last())
        .extracting("channel", "template")
        .containsExactly("wecom", "reactivation-service-invite");
    Task service = task();
    assertThat(service).hasCandidateGroup("customer-service").hasName("1:1 customer service");
    assertThat(service.getDueDate()).isEqualTo(Date.from(offeredAt.plus(Duration.ofHours(48))));
    complete(service, withVariables("careResult", "interested"));
    assertThat(pi).hasPassed("EndEvent_Served").isWaitingAt("Event_OrderPlaced");

    // 流程结束: 用户下单 → 唤醒成功
    driver.event(CONTACT, EventTypes.ORDER_PLACED, Map.of("orderId", "o-1"));
    driver.executeAsyncJob(pi);
    assertThat(contacts.tags).containsEntry(CONTACT, Set.of("reactivation-succeeded"));
    assertThat(pi).isEnded().hasPassed("EndEvent_Reactivated");
  }

  @Test
  void noVisitIn3DaysBringsTheReminderAndBrowsingAddsUpToThreeMinutes() {
    ProcessInstance pi = couponSent("sms");

    // 若未点击: 3天后发送二次提醒
    fireTimer(processEngine, pi, "Event_NotVisitedIn3Days", ENTERED.plus(Duration.ofDays(3)));
    driver.send(pi);
    assertThat(channel.last())
        .extracting("channel", "template")
        .containsExactly("sms", "reactivation-reminder");

    viewProduct(pi, 60);
    assertThat(pi).isWaitingAt("Event_ProductViewed").hasNotPassed("Task_ChooseOfferContent");
    viewProduct(pi, 150);
    offerPushed(pi, "reactivation-offer");

    driver.event(CONTACT, EventTypes.ORDER_PLACED, Map.of("orderId", "o-1"));
    driver.executeAsyncJob(pi);
    assertThat(pi)
        .isEnded()
        .hasPassed("Event_OrderDuringReactivation", "EndEvent_Reactivated")
        .hasNotPassed("Task_SendServiceInvite");
    assertThat(contacts.tags).containsEntry(CONTACT, Set.of("reactivation-succeeded"));
  }

  @Test
  void noOrderIn7DaysIsAFailureHandedToCustomerService() {
    ProcessInstance pi = couponSent("sms");

    // 流程结束: 未下单(7天后) → 唤醒失败, 转入人工客服跟进
    fireTimer(processEngine, pi, "StartEvent_SevenDaysOver", ENTERED.plus(Duration.ofDays(7)));
    driver.executeAsyncJob(pi);
    assertThat(contacts.tags).containsEntry(CONTACT, Set.of("reactivation-failed"));
    Task followUp = task();
    assertThat(followUp)
        .hasCandidateGroup("customer-service")
        .hasName("Customer service follow-up");
    assertThat(followUp.getDueDate()).isEqualTo(Date.from(ENTERED.plus(Duration.ofDays(9))));
    Task withForm =
        processEngine
            .getTaskService()
            .createTaskQuery()
            .taskId(followUp.getId())
            .initializeFormKeys()
            .singleResult();
    assertThat(withForm.getCamundaFormRef().getKey()).isEqualTo("customer-service-follow-up");
    assertThat(processEngine.getTaskService().getVariablesLocal(followUp.getId()))
        .containsEntry("memberName", "Mei Han");

    complete(followUp, withVariables("careResult", "not-reached"));
    assertThat(pi)
        .isEnded()
        .hasPassed("EndEvent_HandedToService")
        .hasNotPassed("Task_PushPriceDrop");
  }

  @Test
  void unsubscribingStopsTheReactivation() {
    ProcessInstance pi = couponSent("sms");

    driver.event(CONTACT, EventTypes.MESSAGE_UNSUBSCRIBED, Map.of("channel", "sms"));

    assertThat(pi).isEnded().hasPassed("EndEvent_Unsubscribed");
    assertThat(processEngine.getManagementService().createJobQuery().count()).isZero();
  }

  /** 触发唤醒: read the contact, then the coupon on the best channel, at once. */
  private ProcessInstance couponSent(String expectedChannel) {
    ProcessInstance pi =
        SeedJourneys.enteredAndRead(
            driver,
            JourneyConstants.MSG_SEGMENT_INACTIVE_ENTERED,
            "inactive-30d",
            JourneyConstants.PROCESS_DORMANT_REACTIVATION,
            CONTACT);
    assertThat(pi).variables().containsEntry("bestChannel", expectedChannel);
    driver.send(pi);
    assertThat(channel.last())
        .extracting("channel", "template")
        .containsExactly(expectedChannel, "reactivation-coupon");
    assertThat(channel.last().variables()).containsEntry("couponCode", "BACK30");
    assertThat(pi).isWaitingAt("Gateway_ShopVisited");
    return pi;
  }

  /** A product page view of {@code seconds}, stored and delivered. */
  private void viewProduct(ProcessInstance pi, int seconds) {
    Map<String, Object> properties = Map.of("productId", "p-1", "durationSeconds", seconds);
    events.add(CONTACT, EventTypes.PRODUCT_VIEWED, now(), properties);
    driver.event(CONTACT, EventTypes.PRODUCT_VIEWED, properties);
    driver.executeAsyncJob(pi);
  }

  private void offerPushed(ProcessInstance pi, String template) {
    assertThat(pi).isWaitingAt("Task_ChooseOfferContent");
    driver.executeAsyncJob(pi);
    assertThat(pi).variables().containsEntry("offerTemplate", template);
    driver.send(pi);
    assertThat(channel.last()).extracting("channel", "template").containsExactly("push", template);
    assertThat(channel.last().variables()).containsEntry("couponCode", "BACK30");
    assertThat(pi).isWaitingAt("Event_NoOrderIn24Hours");
  }
}
