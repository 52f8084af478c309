package io.streamstore.spi;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Stored data is damaged: a bad checksum, an impossible size, a torn record or an inconsistent
 * index. The message says what is wrong and where; {@link #file()} and {@link #offset()} locate it
 * when the backend stores data in files.
 */
public class CorruptedDataException extends StoreException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final long offset;

  /** Damage not tied to a file position. */
  public CorruptedDataException(String message) {
    this(message, null, -1, null);
  }

  /** Damage not tied to a file position, found while handling {@code cause}. */
  public CorruptedDataException(String message, Throwable cause) {
    this(message, null, -1, cause);
  }

  /**
   * Damage at {@code offset} of {@code file}.
   *
   * @param message what is wrong
   * @param file the damaged file (as the user would name it), or null
   * @param offset the byte offset in that file, or -1 when unknown
   * @param cause the underlying error, or null
   */
  public CorruptedDataException(String message, String file, long offset, Throwable cause) {
    super(describe(message, file, offset), cause);
    this.file = file;
    this.offset = offset;
  }

  /** The damaged file, when the backend stores files. */
  public Optional<String> file() {
    return Optional.ofNullable(file);
  }

  /** The byte offset of the damage in {@link #file()}, when known. */
  public OptionalLong offset() {
    return offset < 0 ? OptionalLong.empty() : OptionalLong.of(offset);
  }

  private static String describe(String message, String file, long offset) {
    if (file == null) {
      return message;
    }
    return message + " (file " + file + (offset >= 0 ? ", offset " + offset : "") + ")";
  }
}
