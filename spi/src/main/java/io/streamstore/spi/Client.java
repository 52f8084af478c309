package io.streamstore.spi;

import io.streamstore.proto.ClientInfo;
import java.util.Objects;

/**
 * A client known to the store.
 *
 * @param info the client's record as the server gave it
 */
public record Client(ClientInfo info) {
  /** Checks that the record is present. */
  public Client {
    Objects.requireNonNull(info, "info");
  }

  /** The client id. */
  public String id() {
    return info.getID();
  }
}
