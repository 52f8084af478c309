package io.streamstore.spi;

import java.util.Set;

/**
 * The limit options every driver accepts: {@code maxChannels}, {@code maxMsgs}, {@code maxBytes}
 * (with units, {@code 64MB}), {@code maxAge} ({@code 24h}), {@code maxSubs} and {@code
 * maxInactivity}. Each overrides the matching global value of {@link StoreLimits#DEFAULT}; 0 means
 * unlimited.
 */
public final class LimitOptions {

  /** The option names, for a driver's {@link StoreDriver#optionNames()}. */
  public static final Set<String> NAMES =
      Set.of("maxChannels", "maxMsgs", "maxBytes", "maxAge", "maxSubs", "maxInactivity");

  private LimitOptions() {}

  /** Whether any limit option was given. */
  public static boolean present(StoreOptions options) {
    return NAMES.stream().anyMatch(options::has);
  }

  /**
   * Reads the limit options over {@code base}.
   *
   * @throws InvalidOptionException for a malformed or negative value
   */
  public static StoreLimits read(StoreOptions options, StoreLimits base) {
    ChannelLimits g = base.channelLimits();
    return base.toBuilder()
        .maxChannels(options.int32("maxChannels", base.maxChannels()))
        .maxMsgs(options.integer("maxMsgs", g.maxMsgs()))
        .maxBytes(options.bytes("maxBytes", g.maxBytes()))
        .maxAge(options.duration("maxAge", g.maxAge()))
        .maxSubscriptions(options.int32("maxSubs", g.maxSubscriptions()))
        .maxInactivity(options.duration("maxInactivity", g.maxInactivity()))
        .build();
  }
}
