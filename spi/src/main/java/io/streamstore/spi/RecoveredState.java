package io.streamstore.spi;

import io.streamstore.proto.ServerInfo;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything {@link Store#recover()} found.
 *
 * @param info the server information given to {@link Store#init}
 * @param clients the clients that were added and not deleted
 * @param channels the channels by name, each ready for use
 */
public record RecoveredState(
    ServerInfo info, List<Client> clients, Map<String, RecoveredChannel> channels) {
  /** Copies the collections so the value stays immutable. */
  public RecoveredState {
    Objects.requireNonNull(info, "info");
    clients = List.copyOf(clients);
    channels = Map.copyOf(channels);
  }
}
