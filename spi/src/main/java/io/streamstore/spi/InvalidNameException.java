package io.streamstore.spi;

/** A channel name or client id that could be misread by a file system or database, or breaks the subject rules. */
public class InvalidNameException extends StoreException {
  private static final long serialVersionUID = 1L;

  /** The failure, described by {@code message}. */
  public InvalidNameException(String message) {
    super(message);
  }

  /** The failure, described by {@code message}, caused by {@code cause}. */
  public InvalidNameException(String message, Throwable cause) {
    super(message, cause);
  }
}
