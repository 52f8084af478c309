package io.streamstore.bench;

import io.streamstore.spi.Channel;
import io.streamstore.spi.Store;
import java.util.Map;
import java.util.Objects;

/**
 * A store opened by a {@link WorkloadTarget}, with the URL it was opened from so that it can be
 * reopened.
 *
 * @param store the open, recovered (or initialised) store
 * @param url the exact URL it was opened with
 * @param durability how it was opened
 * @param recovered the channels {@code recover()} returned, by name (empty for a new store)
 */
public record TargetStore(
    Store store, String url, Durability durability, Map<String, Channel> recovered) {
  /** Checks that no part is missing and copies the map. */
  public TargetStore {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(durability, "durability");
    recovered = Map.copyOf(recovered);
  }
}
