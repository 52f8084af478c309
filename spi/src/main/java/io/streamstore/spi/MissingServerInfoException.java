package io.streamstore.spi;

/** Channels were found but the server information is missing, so the store cannot be trusted. */
public class MissingServerInfoException extends StoreException {
  private static final long serialVersionUID = 1L;

  /** The failure, described by {@code message}. */
  public MissingServerInfoException(String message) {
    super(message);
  }

  /** The failure, described by {@code message}, caused by {@code cause}. */
  public MissingServerInfoException(String message, Throwable cause) {
    super(message, cause);
  }
}
