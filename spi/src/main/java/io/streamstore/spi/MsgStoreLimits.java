package io.streamstore.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds of a message log. In resolved limits 0 means unlimited. In a per-channel entry given to
 * {@link StoreLimits.Builder#addPerChannel}, 0 means "inherit" and a negative value means unlimited.
 *
 * @param maxMsgs most messages kept
 * @param maxBytes most bytes kept (as the backend accounts message size)
 * @param maxAge how long a message is kept; {@link Duration#ZERO} for no limit
 */
public record MsgStoreLimits(long maxMsgs, long maxBytes, Duration maxAge) {

  /** No bound at all. */
  public static final MsgStoreLimits UNLIMITED = new MsgStoreLimits(0, 0, Duration.ZERO);

  /** Checks that the age is present. */
  public MsgStoreLimits {
    Objects.requireNonNull(maxAge, "maxAge");
  }
}
