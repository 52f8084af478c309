package io.streamstore.spi;

import java.util.Objects;

/**
 * A channel: its name, its message log and its subscriptions.
 *
 * @param name the channel name, valid per {@link Names#validateChannel(String)}
 * @param msgs the message log
 * @param subs the subscriptions
 */
public record Channel(String name, MsgStore msgs, SubStore subs) {
  /** Checks that no part is missing. */
  public Channel {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(msgs, "msgs");
    Objects.requireNonNull(subs, "subs");
  }
}
