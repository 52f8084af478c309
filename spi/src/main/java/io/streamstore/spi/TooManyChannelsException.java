package io.streamstore.spi;

/** Creating a channel would exceed the store's {@code maxChannels} limit. */
public class TooManyChannelsException extends StoreException {
  private static final long serialVersionUID = 1L;

  /** The failure, described by {@code message}. */
  public TooManyChannelsException(String message) {
    super(message);
  }

  /** The failure, described by {@code message}, caused by {@code cause}. */
  public TooManyChannelsException(String message, Throwable cause) {
    super(message, cause);
  }
}
