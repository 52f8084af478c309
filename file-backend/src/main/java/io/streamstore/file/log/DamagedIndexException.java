package io.streamstore.file.log;

import io.streamstore.spi.CorruptedDataException;

/**
 * An index entry is unreadable or does not match (for example a page of the index lost in an OS
 * crash, as the index is not forced on every flush). The log rebuilds that slice's index from the
 * data file and retries; it reaches the caller only if the rebuild cannot help.
 */
final class DamagedIndexException extends CorruptedDataException {
  private static final long serialVersionUID = 1L;

  DamagedIndexException(String message, String file, long offset) {
    super(message, file, offset, null);
  }
}
