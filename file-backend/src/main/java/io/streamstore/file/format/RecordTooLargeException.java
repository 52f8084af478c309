package io.streamstore.file.format;

import io.streamstore.spi.StoreException;

/**
 * A record to be written is larger than the configured record size limit (or, for a typed record,
 * than 16 MiB - 1). Thrown before anything is written, so a record the reader would refuse is never
 * acknowledged.
 */
public final class RecordTooLargeException extends StoreException {
  private static final long serialVersionUID = 1L;

  /** The record has {@code size} bytes, more than {@code limit}. */
  public RecordTooLargeException(String what, long size, long limit) {
    super(what + " of " + size + " bytes exceeds the limit of " + limit
        + " bytes (option recordSizeLimit)");
  }
}
