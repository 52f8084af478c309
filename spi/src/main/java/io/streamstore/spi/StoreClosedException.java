package io.streamstore.spi;

/** The store, or the channel's store, was closed before the call. */
public class StoreClosedException extends StoreException {
  private static final long serialVersionUID = 1L;

  /** The failure, described by {@code message}. */
  public StoreClosedException(String message) {
    super(message);
  }

  /** The failure, described by {@code message}, caused by {@code cause}. */
  public StoreClosedException(String message, Throwable cause) {
    super(message, cause);
  }
}
