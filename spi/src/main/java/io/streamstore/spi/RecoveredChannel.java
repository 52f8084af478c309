package io.streamstore.spi;

import java.util.List;
import java.util.Objects;

/**
 * One recovered channel.
 *
 * @param channel the channel, open and usable
 * @param subscriptions its subscriptions in id order, with their pending sets
 */
public record RecoveredChannel(Channel channel, List<RecoveredSubscription> subscriptions) {
  /** Copies the list so the value stays immutable. */
  public RecoveredChannel {
    Objects.requireNonNull(channel, "channel");
    subscriptions = List.copyOf(subscriptions);
  }
}
