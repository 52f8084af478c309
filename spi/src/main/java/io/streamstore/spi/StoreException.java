package io.streamstore.spi;

/**
 * Base of every failure a store reports. Unchecked, like {@code UncheckedIOException}: callers catch
 * the specific subtypes they can act on.
 */
public class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure described by {@code message}. */
  public StoreException(String message) {
    super(message);
  }

  /** A failure described by {@code message}, caused by {@code cause}. */
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
