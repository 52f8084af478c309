package io.streamstore.file.recovery;

/** What recovery did with a slice. */
public enum SliceAction {
  /** The index was consistent with the data file and used as is. */
  INDEX_USED,
  /** Records after the last indexed one were found in the data file and indexed. */
  INDEX_EXTENDED,
  /** The index was missing or inconsistent and was rebuilt from the data file. */
  INDEX_REBUILT,
  /** Zero-filled bytes after the last record were cut off (or ignored when read-only). */
  ZERO_TAIL_TRIMMED,
  /** An incomplete last record was cut off (truncateUnexpectedEOF). */
  TAIL_TRUNCATED,
  /** The slice held no message and was removed (or skipped when read-only). */
  EMPTY_REMOVED
}
