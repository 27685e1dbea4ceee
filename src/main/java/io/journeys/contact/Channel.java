package io.journeys.contact;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A channel Journeys sends on. Its {@link #wire() wire name} ({@code email}, {@code sms}, {@code
 * wecom}, {@code push}) is what the public contract, the models (a channel task's input parameter
 * {@code channel}), consent keys, JSON and the database use; code compares and switches on the
 * constants and parses a name once, where it comes in ({@link #parse}). Lives in {@code contact},
 * the lowest feature that names channels (consent per channel), so every feature can use it.
 */
public enum Channel {
  EMAIL("email"),
  SMS("sms"),
  WECOM("wecom"),
  PUSH("push");

  private static final Set<String> WIRE_NAMES =
      Arrays.stream(values()).map(Channel::wire).collect(Collectors.toUnmodifiableSet());

  private final String wire;

  Channel(String wire) {
    this.wire = wire;
  }

  /** The name in the contract, the models, JSON and the database. */
  public String wire() {
    return wire;
  }

  /** The channel of a wire name (case and surrounding blanks ignored); empty when there is none. */
  public static Optional<Channel> parse(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String wanted = name.trim().toLowerCase(java.util.Locale.ROOT);
    return Arrays.stream(values()).filter(c -> c.wire.equals(wanted)).findFirst();
  }

  /** Every wire name. */
  public static Set<String> wireNames() {
    return WIRE_NAMES;
  }

  /** Whether {@code name} is this channel's wire name exactly. */
  public boolean is(String name) {
    return wire.equals(name);
  }

  @Override
  public String toString() {
    return wire;
  }
}
