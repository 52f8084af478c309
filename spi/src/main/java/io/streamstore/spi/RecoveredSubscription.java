package io.streamstore.spi;

import io.streamstore.proto.SubState;
import java.util.Objects;

/**
 * One recovered subscription.
 *
 * @param sub its last stored state
 * @param pending the sequences sent to it and not yet acknowledged
 */
public record RecoveredSubscription(SubState sub, SequenceSet pending) {
  /** Checks that no part is missing. */
  public RecoveredSubscription {
    Objects.requireNonNull(sub, "sub");
    Objects.requireNonNull(pending, "pending");
  }
}
