package io.streamstore.spi;

/**
 * The store was opened in a mode that only reads (for example a database in NATS Streaming's own SQL
 * layout), and a method that would change it was called. Nothing was changed.
 */
public class ReadOnlyStoreException extends NotSupportedException {
  private static final long serialVersionUID = 1L;

  /** The refused change, described by {@code message}. */
  public ReadOnlyStoreException(String message) {
    super(message);
  }
}
