package io.streamstore.spi;

/** The channel, client or subscription named in the call does not exist. */
public class NotFoundException extends StoreException {
  private static final long serialVersionUID = 1L;

  /** The failure, described by {@code message}. */
  public NotFoundException(String message) {
    super(message);
  }

  /** The failure, described by {@code message}, caused by {@code cause}. */
  public NotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
