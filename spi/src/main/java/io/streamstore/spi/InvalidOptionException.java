package io.streamstore.spi;

/** A URL option, property or limit is unknown or has a malformed or out-of-range value. */
public class InvalidOptionException extends StoreException {
  private static final long serialVersionUID = 1L;

  /** The failure, described by {@code message}. */
  public InvalidOptionException(String message) {
    super(message);
  }

  /** The failure, described by {@code message}, caused by {@code cause}. */
  public InvalidOptionException(String message, Throwable cause) {
    super(message, cause);
  }
}
