package io.streamstore.spi;

/** Creating a subscription would exceed the channel's {@code maxSubscriptions} limit. */
public class TooManySubscriptionsException extends StoreException {
  private static final long serialVersionUID = 1L;

  /** The failure, described by {@code message}. */
  public TooManySubscriptionsException(String message) {
    super(message);
  }

  /** The failure, described by {@code message}, caused by {@code cause}. */
  public TooManySubscriptionsException(String message, Throwable cause) {
    super(message, cause);
  }
}
