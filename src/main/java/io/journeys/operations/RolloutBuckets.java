package io.journeys.operations;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The sticky rollout bucket of a contact in a journey: the first 8 bytes of SHA-256({@code journey
 * + "\0" + contact}) modulo 10,000. A contact is in a rollout of p % when its bucket is below p ×
 * 100; so raising the percentage only adds contacts, and the same contact gets the same answer on
 * every node and every time. The journey key in the hash gives each journey its own 10 %, not
 * always the same contacts.
 */
final class RolloutBuckets {

  static final int BUCKETS = 10_000;

  private RolloutBuckets() {}

  static int bucket(String processKey, String contactId) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest((processKey + '\0' + contactId).getBytes(StandardCharsets.UTF_8));
      return (int) Long.remainderUnsigned(ByteBuffer.wrap(hash, 0, 8).getLong(), BUCKETS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }

  static boolean inside(String processKey, String contactId, BigDecimal percent) {
    return percent == null || bucket(processKey, contactId) < percent.movePointRight(2).intValue();
  }
}
