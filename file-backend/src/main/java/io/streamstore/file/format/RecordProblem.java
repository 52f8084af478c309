package io.streamstore.file.format;

/** Why bytes at some offset are not a valid record. */
public enum RecordProblem {
  /** Header and CRC are all zero: the end of written data (a preallocated or zero-filled tail). */
  ZERO_FILL("zero-filled bytes where a record header was expected"),
  /** Fewer than 8 bytes left for the header: an incomplete (torn) record. */
  TRUNCATED_HEADER("incomplete record header (unexpected end of file)"),
  /** The payload runs past the end of the data: an incomplete (torn) record. */
  TRUNCATED_PAYLOAD("incomplete record payload (unexpected end of file)"),
  /** The size field exceeds the record size limit: a corrupt header. */
  TOO_LARGE("record size exceeds the record size limit"),
  /** The payload does not match its CRC-32. */
  BAD_CRC("CRC-32 mismatch"),
  /** An index record does not match its own CRC-32 or the data file. */
  BAD_INDEX("index record is damaged or does not match the data file");

  private final String description;

  RecordProblem(String description) {
    this.description = description;
  }

  /** A human description for error messages. */
  public String description() {
    return description;
  }

  /** Whether this problem is what a write interrupted at the end of a file leaves behind. */
  public boolean isTornTail() {
    return this == TRUNCATED_HEADER || this == TRUNCATED_PAYLOAD;
  }
}
