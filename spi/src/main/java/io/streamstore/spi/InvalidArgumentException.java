package io.streamstore.spi;

/**
 * An argument the contract rules out, such as a sequence that is not positive. The store is left as
 * it was.
 */
public class InvalidArgumentException extends StoreException {
  private static final long serialVersionUID = 1L;

  /** The failure, described by {@code message}. */
  public InvalidArgumentException(String message) {
    super(message);
  }

  /** The failure, described by {@code message}, caused by {@code cause}. */
  public InvalidArgumentException(String message, Throwable cause) {
    super(message, cause);
  }
}
