package io.streamstore.spi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Validated, immutable limits of a store: how many channels, the global channel limits, and
 * per-channel overrides keyed by channel name or wildcard pattern ({@code foo.*}, {@code foo.>}).
 *
 * <p>Inheritance follows NATS Streaming: in a per-channel entry a 0 inherits the value of the most
 * specific wildcard entry that covers it (or of the globals), and a negative value means unlimited.
 * After {@link Builder#build()} every value is resolved: 0 then means unlimited. Wildcard entries do
 * not count toward {@code maxChannels}.
 */
public final class StoreLimits {

  /** The NATS Streaming defaults: 100 channels, 1,000,000 messages, 1,000,000 KiB, 1,000 subscriptions. */
  public static final StoreLimits DEFAULT =
      builder()
          .maxChannels(100)
          .channelLimits(
              ChannelLimits.builder()
                  .maxMsgs(1_000_000)
                  .maxBytes(1_000_000L * 1024)
                  .maxSubscriptions(1_000)
                  .build())
          .build();

  /** No limit at all. */
  public static final StoreLimits UNLIMITED = builder().build();

  private final int maxChannels;
  private final ChannelLimits global;
  private final Map<String, ChannelLimits> configured; // as given, in insertion order
  private final Map<String, ChannelLimits> resolved; // inheritance applied, sorted by name

  private StoreLimits(
      int maxChannels,
      ChannelLimits global,
      Map<String, ChannelLimits> configured,
      Map<String, ChannelLimits> resolved) {
    this.maxChannels = maxChannels;
    this.global = global;
    this.configured = configured;
    this.resolved = resolved;
  }

  /** A builder starting from zero limits (unlimited) and no per-channel entries. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these limits as they were configured (before inheritance). */
  public Builder toBuilder() {
    Builder b = new Builder().maxChannels(maxChannels).channelLimits(global);
    configured.forEach(b::addPerChannel);
    return b;
  }

  /** Most channels; 0 for no limit. */
  public int maxChannels() {
    return maxChannels;
  }

  /** Limits of channels without a per-channel entry. */
  public ChannelLimits channelLimits() {
    return global;
  }

  /** Per-channel entries (names and patterns) with inheritance applied, sorted by key. */
  public Map<String, ChannelLimits> perChannel() {
    return resolved;
  }

  /**
   * The limits a channel of this name gets: its own entry, else the most specific wildcard entry that
   * matches it, else the global limits.
   */
  public ChannelLimits forChannel(String channel) {
    ChannelLimits own = resolved.get(channel);
    if (own != null) {
      return own;
    }
    String best = null;
    for (String pattern : resolved.keySet()) {
      if (!Names.isLiteral(pattern)
          && Names.matches(pattern, channel)
          && (best == null || Specificity.ORDER.compare(pattern, best) > 0)) {
        best = pattern;
      }
    }
    return best == null ? global : resolved.get(best);
  }

  /**
   * Human-readable lines, one block for the globals and one per entry, marking values that equal the
   * default with {@code *}; for logs and the CLI.
   */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    lines.add("Channels:        " + count(maxChannels) + star(maxChannels == DEFAULT_MAX_CHANNELS));
    lines.add("  Subscriptions: " + count(global.maxSubscriptions()));
    lines.add("  Messages:      " + count(global.maxMsgs()));
    lines.add("  Bytes:         " + bytes(global.maxBytes()));
    lines.add("  Age:           " + duration(global.maxAge()));
    lines.add("  Inactivity:    " + duration(global.maxInactivity()));
    resolved.forEach(
        (name, cl) -> {
          lines.add(name);
          lines.add("  |-> Subscriptions " + count(cl.maxSubscriptions()));
          lines.add("  |-> Messages      " + count(cl.maxMsgs()));
          lines.add("  |-> Bytes         " + bytes(cl.maxBytes()));
          lines.add("  |-> Age           " + duration(cl.maxAge()));
          lines.add("  |-> Inactivity    " + duration(cl.maxInactivity()));
        });
    return lines;
  }

  private static final int DEFAULT_MAX_CHANNELS = 100;

  private static String star(boolean isDefault) {
    return isDefault ? " *" : "";
  }

  private static String count(long v) {
    return v == 0 ? "unlimited" : Long.toString(v);
  }

  private static String bytes(long v) {
    if (v == 0) {
      return "unlimited";
    }
    String[] units = {"B", "KB", "MB", "GB", "TB", "PB"};
    double d = v;
    int u = 0;
    while (d >= 1024 && u < units.length - 1) {
      d /= 1024;
      u++;
    }
    return u == 0 ? v + " B" : String.format(java.util.Locale.ROOT, "%.2f %s", d, units[u]);
  }

  private static String duration(Duration d) {
    return d.isZero() ? "unlimited" : d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoreLimits other
        && maxChannels == other.maxChannels
        && global.equals(other.global)
        && resolved.equals(other.resolved);
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxChannels, global, resolved);
  }

  @Override
  public String toString() {
    return "StoreLimits{maxChannels=" + maxChannels + ", global=" + global + ", perChannel="
        + resolved + "}";
  }

  /** Builds and validates {@link StoreLimits}. Not thread-safe. */
  public static final class Builder {
    private int maxChannels;
    private ChannelLimits global = ChannelLimits.UNLIMITED;
    private final Map<String, ChannelLimits> perChannel = new LinkedHashMap<>();

    private Builder() {}

    /** Most channels; 0 for no limit. */
    public Builder maxChannels(int value) {
      this.maxChannels = value;
      return this;
    }

    /** The global channel limits (0 = unlimited; negative values are refused by {@link #build()}). */
    public Builder channelLimits(ChannelLimits limits) {
      this.global = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /** Sets the global message count limit. */
    public Builder maxMsgs(long value) {
      global = global.toBuilder().maxMsgs(value).build();
      return this;
    }

    /** Sets the global byte limit. */
    public Builder maxBytes(long value) {
      global = global.toBuilder().maxBytes(value).build();
      return this;
    }

    /** Sets the global age limit. */
    public Builder maxAge(Duration value) {
      global = global.toBuilder().maxAge(value).build();
      return this;
    }

    /** Sets the global subscription limit. */
    public Builder maxSubscriptions(int value) {
      global = global.toBuilder().maxSubscriptions(value).build();
      return this;
    }

    /** Sets the global inactivity limit. */
    public Builder maxInactivity(Duration value) {
      global = global.toBuilder().maxInactivity(value).build();
      return this;
    }

    /**
     * Adds or replaces the entry for a channel name or wildcard pattern. Values of 0 inherit, negative
     * values mean unlimited; inheritance is applied by {@link #build()}.
     */
    public Builder addPerChannel(String nameOrPattern, ChannelLimits limits) {
      perChannel.put(
          Objects.requireNonNull(nameOrPattern, "nameOrPattern"),
          Objects.requireNonNull(limits, "limits"));
      return this;
    }

    /**
     * Validates and resolves the limits.
     *
     * @throws InvalidOptionException naming the negative global limit, the invalid entry name, or the
     *     number of literal entries above {@code maxChannels}
     */
    public StoreLimits build() {
      checkGlobal();
      int literals = 0;
      for (String name : perChannel.keySet()) {
        try {
          Names.validateChannelPattern(name);
        } catch (InvalidNameException e) {
          throw new InvalidOptionException(
              "invalid per-channel limits entry: " + e.getMessage(), e);
        }
        if (Names.isLiteral(name)) {
          literals++;
          if (maxChannels > 0 && literals > maxChannels) {
            throw new InvalidOptionException(
                "too many channels defined in per-channel limits ("
                    + countLiterals()
                    + "); maxChannels is "
                    + maxChannels);
          }
        }
      }
      Map<String, ChannelLimits> resolved = new TreeMap<>();
      List<String> order = new ArrayList<>(perChannel.keySet());
      // widest first, so that every entry's parent is resolved before the entry itself
      order.sort(Specificity.ORDER);
      for (String name : order) {
        String parent = null;
        for (String candidate : order) {
          if (!candidate.equals(name)
              && Specificity.covers(candidate, name)
              && (parent == null || Specificity.ORDER.compare(candidate, parent) > 0)) {
            parent = candidate;
          }
        }
        ChannelLimits base = parent == null ? global : resolved.get(parent);
        resolved.put(name, inherit(perChannel.get(name), base));
      }
      return new StoreLimits(
          maxChannels,
          global,
          Collections.unmodifiableMap(new LinkedHashMap<>(perChannel)),
          Collections.unmodifiableMap(resolved));
    }

    private long countLiterals() {
      return perChannel.keySet().stream().filter(Names::isLiteral).count();
    }

    private void checkGlobal() {
      if (maxChannels < 0) {
        throw negative("max channels", maxChannels);
      }
      if (global.maxSubscriptions() < 0) {
        throw negative("max subscriptions", global.maxSubscriptions());
      }
      if (global.maxMsgs() < 0) {
        throw negative("max messages", global.maxMsgs());
      }
      if (global.maxBytes() < 0) {
        throw negative("max bytes", global.maxBytes());
      }
      if (global.maxAge().isNegative()) {
        throw negative("max age", global.maxAge());
      }
      if (global.maxInactivity().isNegative()) {
        throw negative("max inactivity", global.maxInactivity());
      }
    }

    private static InvalidOptionException negative(String what, Object value) {
      return new InvalidOptionException(what + " limit cannot be negative (" + value + ")");
    }

    private static ChannelLimits inherit(ChannelLimits own, ChannelLimits parent) {
      return ChannelLimits.builder()
          .maxMsgs(pick(own.maxMsgs(), parent.maxMsgs()))
          .maxBytes(pick(own.maxBytes(), parent.maxBytes()))
          .maxAge(pick(own.maxAge(), parent.maxAge()))
          .maxSubscriptions((int) pick(own.maxSubscriptions(), parent.maxSubscriptions()))
          .maxInactivity(pick(own.maxInactivity(), parent.maxInactivity()))
          .build();
    }

    private static long pick(long own, long parent) {
      return own < 0 ? 0 : own == 0 ? parent : own;
    }

    private static Duration pick(Duration own, Duration parent) {
      return own.isNegative() ? Duration.ZERO : own.isZero() ? parent : own;
    }
  }

  /** Orders patterns from the widest to the most specific, and tells which pattern covers another. */
  static final class Specificity {
    /** Ascending specificity: {@code >} &lt; {@code *} &lt; literal token, compared token by token. */
    static final Comparator<String> ORDER =
        (a, b) -> {
          String[] x = a.split("\\.", -1);
          String[] y = b.split("\\.", -1);
          for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int r = Integer.compare(rank(x[i]), rank(y[i]));
            if (r != 0) {
              return r;
            }
          }
          int r = Integer.compare(x.length, y.length);
          return r != 0 ? r : a.compareTo(b);
        };

    private Specificity() {}

    private static int rank(String token) {
      return token.equals(">") ? 0 : token.equals("*") ? 1 : 2;
    }

    /** Whether every channel matched by {@code narrow} is also matched by {@code wide}. */
    static boolean covers(String wide, String narrow) {
      String[] w = wide.split("\\.", -1);
      String[] n = narrow.split("\\.", -1);
      for (int i = 0; i < w.length; i++) {
        if (w[i].equals(">")) {
          return n.length > i;
        }
        if (i >= n.length || n[i].equals(">")) {
          return false;
        }
        if (w[i].equals("*")) {
          continue;
        }
        if (n[i].equals("*") || !w[i].equals(n[i])) {
          return false;
        }
      }
      return w.length == n.length;
    }
  }
}
