package io.journeys.security;

import io.journeys.config.EngineClock;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * API tokens of machine clients (the shop, the CRM): random 256-bit secrets handed out once and
 * kept only as their SHA-256, each with the groups (roles) it acts with.
 */
@Component
class ApiTokens {

  static final String PREFIX = "jrn_";
  private static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

  private final JdbcTemplate jdbc;
  private final SecureRandom random = new SecureRandom();

  ApiTokens(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  record Token(
      String id,
      String name,
      String owner,
      List<String> groups,
      Instant created,
      Instant lastUsed,
      Instant revoked) {}

  record Issued(Token token, String secret) {}

  Issued create(String name, String owner, List<String> groups) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    String id = UUID.randomUUID().toString();
    Instant now = EngineClock.now();
    jdbc.update(
        "insert into api_token (id, name, owner_user, groups_csv, token_hash, created_at)"
            + " values (?, ?, ?, ?, ?, ?)",
        id,
        name,
        owner,
        String.join(",", groups),
        sha256(secret),
        Timestamp.from(now));
    return new Issued(new Token(id, name, owner, groups, now, null, null), secret);
  }

  /** The live token of {@code secret}, marking it used; empty when unknown or revoked. */
  Optional<Token> authenticate(String secret) {
    List<Token> found =
        jdbc.query(
            "select * from api_token where token_hash = ? and revoked_at is null",
            (rs, i) -> token(rs),
            sha256(secret));
    // "last used" to the minute: one write per token and minute, not one per request
    Instant now = EngineClock.now();
    found.stream()
        .filter(t -> t.lastUsed() == null || t.lastUsed().isBefore(now.minus(LAST_USED_PRECISION)))
        .forEach(
            t ->
                jdbc.update(
                    "update api_token set last_used_at = ? where id = ?",
                    Timestamp.from(now),
                    t.id()));
    return found.stream().findFirst();
  }

  List<Token> list() {
    return jdbc.query("select * from api_token order by created_at", (rs, i) -> token(rs));
  }

  /** Revokes the token; false when there is no such token. */
  boolean revoke(String id) {
    if (jdbc.update(
            "update api_token set revoked_at = ? where id = ? and revoked_at is null",
            Timestamp.from(EngineClock.now()),
            id)
        == 1) {
      return true;
    }
    return jdbc.queryForObject("select count(*) from api_token where id = ?", Integer.class, id)
        > 0;
  }

  private static Token token(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new Token(
        rs.getString("id"),
        rs.getString("name"),
        rs.getString("owner_user"),
        Arrays.stream(rs.getString("groups_csv").split(",")).filter(g -> !g.isBlank()).toList(),
        instant(rs.getTimestamp("created_at")),
        instant(rs.getTimestamp("last_used_at")),
        instant(rs.getTimestamp("revoked_at")));
  }

  private static Instant instant(Timestamp ts) {
    return ts == null ? null : ts.toInstant();
  }

  static String sha256(String secret) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
