package io.streamstore.spi;

/** The channel (or other named thing) being created exists already. */
public class AlreadyExistsException extends StoreException {
  private static final long serialVersionUID = 1L;

  /** The failure, described by {@code message}. */
  public AlreadyExistsException(String message) {
    super(message);
  }

  /** The failure, described by {@code message}, caused by {@code cause}. */
  public AlreadyExistsException(String message, Throwable cause) {
    super(message, cause);
  }
}
