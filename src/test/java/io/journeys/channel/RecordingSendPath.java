package io.journeys.channel;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeys.config.EngineClock;
import io.journeys.config.JourneysProperties;
import io.journeys.contact.Channel;
import io.journeys.contact.ContactDirectory;
import io.journeys.contact.ContactLocks;
import io.journeys.contact.ContactView;
import io.journeys.journey.MessageLookup;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.runtime.Job;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The real send path of a channel task, for the process tests' engine ({@code
 * camunda-process-test.cfg.xml}, bean {@code sendPath}): {@link SendMessageDelegate} (the step: the
 * outbox row in the engine's transaction, then the task waits), the engine plugins {@link
 * DispatchJobsEnginePlugin} and {@link SendJobFailuresEnginePlugin}, {@link MessageSender}, {@link
 * MessageDispatcher} and {@link MessageStore} over the engine's database, as production wires them.
 * Only the edges are stood in for:
 *
 * <ul>
 *   <li>the providers: one recording {@link ChannelAdapter} per channel, which {@link
 *       #refuseDeliveries refuses} on demand (the provider said no: retry cycle, then incident);
 *   <li>the send rules (governance's {@link SendGate}): every message goes on its channel; each
 *       step's request (with the variables the message is rendered with) is recorded;
 *   <li>contacts (contact's {@link ContactDirectory}): those of the directory the test {@link
 *       #contacts gave}, else a contact in Shanghai with address and phone; the contact's row,
 *       which the dispatcher locks, is created when first asked for.
 * </ul>
 *
 * <p>A process test runs the step job, then the dispatch job ({@code JourneyDriver.send}); {@link
 * #sent()} is what was delivered.
 */
public final class RecordingSendPath {

  /** One delivered message: what the step asked and what the provider was given. */
  public record Sent(
      String messageId,
      String processInstanceId,
      String activityId,
      String contactId,
      String channel,
      String template,
      String recipient,
      Map<String, String> parts,
      Map<String, Object> variables) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final JdbcTemplate jdbc;
  private final TransactionTemplate ownTx;
  private final MessageStore store;
  private final SendMessageDelegate delegate;
  private final DispatchJobsEnginePlugin dispatchJobs;
  private final Map<String, SendRequest> asked = new ConcurrentHashMap<>();
  private final List<Sent> sent = new ArrayList<>();
  private volatile String refusal;
  private volatile ContactDirectory contacts;
  private volatile java.util.function.Consumer<Object> statusListener;

  public RecordingSendPath(DataSource dataSource, PlatformTransactionManager transactions) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.ownTx = new TransactionTemplate(transactions);
    this.ownTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.store =
        new MessageStore(
            jdbc,
            EngineClock.UTC,
            event -> {
              java.util.function.Consumer<Object> listener = statusListener;
              if (listener != null) {
                listener.accept(event);
              }
            });
    ContactDirectory directory = new Contacts();
    List<ChannelAdapter> adapters =
        Arrays.stream(Channel.values()).<ChannelAdapter>map(Recording::new).toList();
    JourneysProperties properties =
        new JourneysProperties(URI.create("https://journeys.example"), null, null, null, null);
    MessageDispatcher dispatcher =
        new MessageDispatcher(
            store,
            directory,
            new ContactLocks(jdbc),
            adapters,
            JSON,
            new StaticListableBeanFactory().getBeanProvider(DeliveryObserver.class),
            transactions);
    MessageSender sender =
        new MessageSender(
            store,
            new MessageTemplates(),
            directory,
            new TrackingLinks(
                properties,
                new TrackingTokens(() -> "process-test".getBytes(StandardCharsets.UTF_8))),
            adapters,
            new ChannelProperties(null, null, null, null, null),
            this::gate,
            dispatcher,
            JSON,
            transactions,
            List.of(RecordingSendPath::confirmationLink));
    StaticListableBeanFactory beans = new StaticListableBeanFactory();
    beans.addBean("dispatcher", dispatcher);
    beans.addBean("store", store);
    this.dispatchJobs =
        new DispatchJobsEnginePlugin(
            beans.getBeanProvider(MessageDispatcher.class),
            beans.getBeanProvider(MessageStore.class));
    this.delegate = new SendMessageDelegate(sender, dispatchJobs);
  }

  /** The path of the engine built from {@code camunda-process-test.cfg.xml}. */
  public static RecordingSendPath of(ProcessEngine engine) {
    Object path =
        ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
            .getBeans()
            .get("sendPath");
    if (!(path instanceof RecordingSendPath recording)) {
      throw new IllegalStateException("the engine has no sendPath bean: " + path);
    }
    return recording;
  }

  /** The outbox's engine plugin: the dispatch job type. */
  public ProcessEnginePlugin dispatchJobs() {
    return dispatchJobs;
  }

  /** The engine's one failed-job command factory (deferrals, dispatch retries, then default). */
  public ProcessEnginePlugin sendJobFailures() {
    return new SendJobFailuresEnginePlugin();
  }

  /** The behaviour behind {@code ${sendMessageDelegate}}, to register with {@code Mocks}. */
  public Object delegate() {
    return delegate;
  }

  /** The channel feature's {@link MessageLookup} (the outbox), for the correlator. */
  public MessageLookup lookup() {
    return store;
  }

  /** Forgets what was sent, accepts deliveries again, default contacts. */
  public void reset() {
    synchronized (sent) {
      sent.clear();
    }
    asked.clear();
    refusal = null;
    contacts = null;
    statusListener = null;
  }

  /**
   * Hands every status the store writes ({@code MessageStatusChanged}, in the writing transaction)
   * to {@code listener} as the application's event publisher would, e.g. to analytics' message
   * lifecycle ({@code analytics.ProcessTestAnalytics#recorder}); {@link #reset} removes it.
   */
  public void listen(java.util.function.Consumer<Object> listener) {
    this.statusListener = listener;
  }

  /** Contacts to send to (those not found there get a default contact). */
  public RecordingSendPath contacts(ContactDirectory directory) {
    this.contacts = directory;
    return this;
  }

  /** From now on every provider refuses with {@code reason} (null: accepts again). */
  public void refuseDeliveries(String reason) {
    this.refusal = reason;
  }

  /** What was delivered, in order. */
  public List<Sent> sent() {
    synchronized (sent) {
      return List.copyOf(sent);
    }
  }

  /** The last delivered message. */
  public Sent last() {
    List<Sent> all = sent();
    if (all.isEmpty()) {
      throw new AssertionError("nothing was delivered");
    }
    return all.get(all.size() - 1);
  }

  /** The outbox status of a message ({@code QUEUED}, {@code SENT}, {@code FAILED}, ...). */
  public String status(String messageId) {
    return store.findById(messageId).map(r -> r.status().name()).orElse(null);
  }

  /** Whether {@code job} is a dispatch job (not a step, a timer or another async continuation). */
  public static boolean isDispatchJob(Job job) {
    return job instanceof JobEntity entity
        && DispatchJobsEnginePlugin.TYPE.equals(entity.getJobHandlerType());
  }

  /** The dispatch jobs of a process instance. */
  public static List<Job> dispatchJobs(ManagementService management, String processInstanceId) {
    return management
        .createJobQuery()
        .processInstanceId(processInstanceId)
        .messages()
        .list()
        .stream()
        .filter(RecordingSendPath::isDispatchJob)
        .toList();
  }

  private SendGate.Verdict gate(String messageId, SendRequest request, ContactView contact) {
    asked.put(messageId, request);
    return SendGate.Verdict.send(request.channel(), null);
  }

  /**
   * The opt-in confirmation link as the email's model gets it when rendered ({@code
   * governance.OptInConfirmationLink} signs a token; OptInLinksTest tests that): here a readable
   * stand-in, {@code https://journeys.example/optin/<contact>}.
   */
  private static Map<String, Object> confirmationLink(
      String template, String contactId, String email) {
    return "opt-in-confirmation".equals(template)
        ? Map.of("confirmUrl", "https://journeys.example/optin/" + contactId)
        : Map.of();
  }

  /** A provider that records what it was given, or refuses. */
  private final class Recording implements ChannelAdapter {

    private final Channel channel;

    Recording(Channel channel) {
      this.channel = channel;
    }

    @Override
    public Channel channel() {
      return channel;
    }

    @Override
    public Delivery send(Outgoing message) {
      String reason = refusal;
      if (reason != null) {
        throw new MessageSendException(reason);
      }
      SendRequest request = asked.get(message.messageId());
      String recipient =
          channel == Channel.EMAIL ? message.contact().email() : message.contact().phone();
      Map<String, Object> variables = new LinkedHashMap<>();
      if (request != null) {
        request
            .variables()
            .forEach(
                (k, v) -> {
                  if (v != null) {
                    variables.put(k, v);
                  }
                });
      }
      synchronized (sent) {
        sent.add(
            new Sent(
                message.messageId(),
                request == null ? null : request.processInstanceId(),
                request == null ? null : request.activityId(),
                message.contact().id(),
                channel.wire(),
                message.rendered().template(),
                recipient,
                message.rendered().parts(),
                Map.copyOf(variables)));
      }
      return Delivery.sent(recipient, message.rendered().optional("subject"));
    }
  }

  /** The test's contacts, else a default one; makes sure the contact's row exists. */
  private final class Contacts implements ContactDirectory {

    @Override
    public Optional<ContactView> find(String contactId) {
      ContactDirectory given = contacts;
      ContactView contact =
          Optional.ofNullable(given)
              .flatMap(d -> d.find(contactId))
              .orElseGet(() -> contact(contactId, Set.of(), Map.of()));
      // a plain read first: during a dispatch the row exists and is locked by the dispatcher
      if (jdbc.queryForList("select id from contact where id = ?", String.class, contactId)
          .isEmpty()) {
        ownTx.executeWithoutResult(
            tx ->
                jdbc.update(
                    "insert into contact (id, email, first_name, locale, created_at, updated_at)"
                        + " values (?, ?, ?, ?, ?, ?)",
                    contact.id(),
                    contact.email(),
                    contact.firstName(),
                    contact.locale(),
                    java.sql.Timestamp.from(Instant.EPOCH),
                    java.sql.Timestamp.from(Instant.EPOCH)));
      }
      return Optional.of(contact);
    }

    @Override
    public void tag(String contactId, String tag) {
      throw new UnsupportedOperationException("channels do not tag");
    }

    @Override
    public void setConsent(String contactId, Channel channel, boolean granted, String source) {
      throw new UnsupportedOperationException("sends do not change consent");
    }
  }

  /**
   * A contact in Shanghai ({@code zh-CN}) named Mei Han, with address {@code <id>@example.com} and
   * a phone number, these tags and attributes, no recorded consent: the contact a send goes to when
   * the test gave none.
   */
  public static ContactView contact(String id, Set<String> tags, Map<String, Object> attributes) {
    return new ContactView(
        id,
        id + "@example.com",
        "+86 138 0013 8000",
        "Mei",
        "Han",
        "Asia/Shanghai",
        "zh-CN",
        "customer",
        0,
        attributes,
        Map.of(),
        tags,
        Instant.EPOCH,
        Instant.EPOCH);
  }
}
