package io.streamstore.spi;

import io.streamstore.proto.MsgProto;

/**
 * The largest message a store accepts, shared by every backend so that they measure and refuse
 * alike. A message's size is the length of its protobuf encoding ({@link
 * MsgProto#getSerializedSize()}): what every backend writes. Each backend declares its maximum in
 * {@link Store#maxMessageSize()} (a default of its own, bounded by what its storage can hold) and
 * calls {@link #check} in {@link MsgStore#store} before it buffers or writes anything, so a message
 * that can never be stored fails at once with {@link InvalidArgumentException} and the channel goes
 * on working.
 *
 * <p>Where a backend lets the user choose, the option is {@value #OPTION} (bytes, with units:
 * {@code 8MB}), read by {@link #read}.
 */
public final class MessageSizeLimit {

  /** The option name, for backends that let the user lower (or raise) their default. */
  public static final String OPTION = "maxMessageSize";

  /** The default of most backends: 64 MiB, the largest payload a NATS server accepts. */
  public static final long DEFAULT = 64L * 1024 * 1024;

  private MessageSizeLimit() {}

  /**
   * Reads {@value #OPTION}.
   *
   * @param backendDefault the value when the option is absent
   * @param ceiling the most the backend can store; a larger value is refused
   * @param why what sets the ceiling, for the error message (e.g. {@code "PostgreSQL's bytea"})
   * @throws InvalidOptionException when the value is below 1 or above {@code ceiling}
   */
  public static long read(StoreOptions options, long backendDefault, long ceiling, String why) {
    long v = options.bytes(OPTION, backendDefault);
    validate(v, ceiling, why);
    return v;
  }

  /**
   * Checks a configured maximum against the backend's ceiling.
   *
   * @throws InvalidOptionException when {@code value} is below 1 or above {@code ceiling}
   */
  public static void validate(long value, long ceiling, String why) {
    if (value < 1 || value > ceiling) {
      throw new InvalidOptionException("option '" + OPTION + "' is " + value + " bytes; it must be"
          + " between 1 and " + ceiling + " bytes (" + why + ")");
    }
  }

  /**
   * Refuses {@code msg} when its encoding is larger than {@code max}.
   *
   * @throws InvalidArgumentException naming the channel, the sequence, the size and the maximum
   */
  public static void check(MsgProto msg, long max, String channel) {
    int size = msg.getSerializedSize();
    if (size > max) {
      throw new InvalidArgumentException("message " + Long.toUnsignedString(msg.getSequence())
          + " of channel \"" + channel + "\" is " + size + " bytes (protobuf encoding), more than"
          + " this store's maximum message size of " + max + " bytes; it was not stored and the"
          + " channel is unchanged");
    }
  }
}
