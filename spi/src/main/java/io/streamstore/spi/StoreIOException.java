package io.streamstore.spi;

import java.io.IOException;

/**
 * An I/O operation (file system or database connection) failed. After a write or sync failure the
 * affected store refuses further writes until it is reopened, so nothing is written behind garbage.
 */
public class StoreIOException extends StoreException {
  private static final long serialVersionUID = 1L;

  /** The failure, described by {@code message}. */
  public StoreIOException(String message) {
    super(message);
  }

  /** The failure, described by {@code message}, caused by {@code cause}. */
  public StoreIOException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Wraps {@code cause}, naming what was being done. */
  public StoreIOException(String what, IOException cause) {
    super(what + ": " + cause, cause);
  }
}
