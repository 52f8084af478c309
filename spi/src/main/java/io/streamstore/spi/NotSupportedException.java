package io.streamstore.spi;

/** The backend does not offer this operation (for example an exclusive lock in memory). */
public class NotSupportedException extends StoreException {
  private static final long serialVersionUID = 1L;

  /** The failure, described by {@code message}. */
  public NotSupportedException(String message) {
    super(message);
  }

  /** The failure, described by {@code message}, caused by {@code cause}. */
  public NotSupportedException(String message, Throwable cause) {
    super(message, cause);
  }
}
