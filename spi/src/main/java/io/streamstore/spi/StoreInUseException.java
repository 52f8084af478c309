package io.streamstore.spi;

/**
 * Another process or store instance holds the store's exclusive lock (or took it from this store), so
 * this store may not write: see {@link Store#tryExclusiveLock()}.
 */
public class StoreInUseException extends StoreException {
  private static final long serialVersionUID = 1L;

  /** The failure, described by {@code message}. */
  public StoreInUseException(String message) {
    super(message);
  }

  /** The failure, described by {@code message}, caused by {@code cause}. */
  public StoreInUseException(String message, Throwable cause) {
    super(message, cause);
  }
}
