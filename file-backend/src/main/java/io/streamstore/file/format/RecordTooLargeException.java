package io.streamstore.file.format;

import io.streamstore.spi.InvalidArgumentException;

/**
 * A record to be written is larger than the configured record size limit (or, for a typed record,
 * than 16 MiB - 1). Thrown before anything is written, so a record the reader would refuse is never
 * acknowledged. An {@link InvalidArgumentException}: the record can never be written, retrying is
 * pointless, and the store goes on working.
 */
public final class RecordTooLargeException extends InvalidArgumentException {
  private static final long serialVersionUID = 1L;

  /** The record has {@code size} bytes, more than {@code limit}. */
  public RecordTooLargeException(String what, long size, long limit) {
    super(what + " of " + size + " bytes exceeds the limit of " + limit
        + " bytes (option recordSizeLimit)");
  }
}
