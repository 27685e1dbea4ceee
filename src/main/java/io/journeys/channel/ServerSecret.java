package io.journeys.channel;

import io.journeys.config.JourneysProperties;
import io.journeys.contact.HashKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.StringUtils;

/**
 * The server secret behind every signed token: {@code journeys.secret}, or when that is blank a
 * random 32-byte secret generated once and kept in {@code journeys_setting}, so that every node on
 * the same database signs and verifies alike. Nodes racing to create it agree on the first.
 */
@Component
public class ServerSecret implements SmartInitializingSingleton, HashKey {

  static final String SETTING = "server.secret";

  private final JourneysProperties properties;
  private final JdbcTemplate jdbc;
  private final TransactionTemplate newTx;
  private volatile byte[] secret;

  ServerSecret(JourneysProperties properties, JdbcTemplate jdbc, PlatformTransactionManager tx) {
    this.properties = properties;
    this.jdbc = jdbc;
    this.newTx = new TransactionTemplate(tx);
    this.newTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  /**
   * Loads (or creates) the secret at start-up, so that no job creates it with a transaction of its
   * own inside the job's (a second connection per job thread; hardening finding 12).
   */
  @Override
  public void afterSingletonsInstantiated() {
    secret();
  }

  /** A key for one purpose (HMAC of the purpose under the secret), so uses never share keys. */
  @Override
  public byte[] derive(String purpose) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret(), "HmacSHA256"));
      return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private byte[] secret() {
    byte[] s = secret;
    if (s == null) {
      synchronized (this) {
        s = secret;
        if (s == null) {
          s = load();
          secret = s;
        }
      }
    }
    return s;
  }

  private byte[] load() {
    if (StringUtils.hasText(properties.secret())) {
      return properties.secret().getBytes(StandardCharsets.UTF_8);
    }
    List<String> stored = read();
    if (stored.isEmpty()) {
      byte[] fresh = new byte[32];
      new SecureRandom().nextBytes(fresh);
      try {
        newTx.executeWithoutResult(
            tx ->
                jdbc.update(
                    "insert into journeys_setting (name, setting_value) values (?, ?)",
                    SETTING,
                    Base64.getEncoder().encodeToString(fresh)));
      } catch (DuplicateKeyException raced) {
        // another node stored its secret first: everybody uses that one
      }
      stored = read();
    }
    if (stored.isEmpty()) {
      throw new IllegalStateException("server secret could not be stored");
    }
    return Base64.getDecoder().decode(stored.get(0));
  }

  private List<String> read() {
    return newTx.execute(
        tx ->
            jdbc.queryForList(
                "select setting_value from journeys_setting where name = ?",
                String.class,
                SETTING));
  }
}
