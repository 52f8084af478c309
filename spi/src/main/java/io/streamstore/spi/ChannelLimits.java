package io.streamstore.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds of one channel. See {@link MsgStoreLimits} for the meaning of 0 and negative values.
 *
 * @param msgLimits bounds of the message log
 * @param subLimits bounds of the subscriptions
 * @param maxInactivity how long a channel without subscriptions or new messages may live; the
 *     server acts on it, stores only keep it; {@link Duration#ZERO} for no limit
 */
public record ChannelLimits(
    MsgStoreLimits msgLimits, SubStoreLimits subLimits, Duration maxInactivity) {

  /** No bound at all. */
  public static final ChannelLimits UNLIMITED =
      new ChannelLimits(MsgStoreLimits.UNLIMITED, SubStoreLimits.UNLIMITED, Duration.ZERO);

  /** Checks that no part is missing. */
  public ChannelLimits {
    Objects.requireNonNull(msgLimits, "msgLimits");
    Objects.requireNonNull(subLimits, "subLimits");
    Objects.requireNonNull(maxInactivity, "maxInactivity");
  }

  /** A builder starting from all zeros (unlimited, or "inherit everything" in a per-channel entry). */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these values. */
  public Builder toBuilder() {
    return new Builder()
        .maxMsgs(maxMsgs())
        .maxBytes(maxBytes())
        .maxAge(maxAge())
        .maxSubscriptions(maxSubscriptions())
        .maxInactivity(maxInactivity);
  }

  /** Shortcut for {@code msgLimits().maxMsgs()}. */
  public long maxMsgs() {
    return msgLimits.maxMsgs();
  }

  /** Shortcut for {@code msgLimits().maxBytes()}. */
  public long maxBytes() {
    return msgLimits.maxBytes();
  }

  /** Shortcut for {@code msgLimits().maxAge()}. */
  public Duration maxAge() {
    return msgLimits.maxAge();
  }

  /** Shortcut for {@code subLimits().maxSubscriptions()}. */
  public int maxSubscriptions() {
    return subLimits.maxSubscriptions();
  }

  /** Builds {@link ChannelLimits}; no validation here, {@link StoreLimits.Builder#build()} does it. */
  public static final class Builder {
    private long maxMsgs;
    private long maxBytes;
    private Duration maxAge = Duration.ZERO;
    private int maxSubscriptions;
    private Duration maxInactivity = Duration.ZERO;

    private Builder() {}

    /** Most messages kept. */
    public Builder maxMsgs(long value) {
      this.maxMsgs = value;
      return this;
    }

    /** Most bytes kept. */
    public Builder maxBytes(long value) {
      this.maxBytes = value;
      return this;
    }

    /** Longest time a message is kept. */
    public Builder maxAge(Duration value) {
      this.maxAge = Objects.requireNonNull(value, "maxAge");
      return this;
    }

    /** Most subscriptions. */
    public Builder maxSubscriptions(int value) {
      this.maxSubscriptions = value;
      return this;
    }

    /** Longest inactivity before the server may delete the channel. */
    public Builder maxInactivity(Duration value) {
      this.maxInactivity = Objects.requireNonNull(value, "maxInactivity");
      return this;
    }

    /** The limits. */
    public ChannelLimits build() {
      return new ChannelLimits(
          new MsgStoreLimits(maxMsgs, maxBytes, maxAge),
          new SubStoreLimits(maxSubscriptions),
          maxInactivity);
    }
  }
}
