package io.streamstore.spi;

/** No installed driver accepts the URL, or more than one does. */
public class NoSuitableDriverException extends StoreException {
  private static final long serialVersionUID = 1L;

  /** The failure, described by {@code message}. */
  public NoSuitableDriverException(String message) {
    super(message);
  }

  /** The failure, described by {@code message}, caused by {@code cause}. */
  public NoSuitableDriverException(String message, Throwable cause) {
    super(message, cause);
  }
}
