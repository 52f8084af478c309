package io.streamstore.file.format;

/**
 * Bytes are not a valid record. Checked, and without a file name: the codec knows bytes only, so the
 * caller (which knows the file and the offset of the buffer) turns it into a {@code
 * CorruptedDataException} or a torn-tail decision.
 */
public final class RecordFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  private final RecordProblem problem;
  private final long position;

  /**
   * @param problem what is wrong
   * @param position where the bad record starts, relative to what the caller passed in
   * @param detail extra detail for the message (may be empty)
   */
  public RecordFormatException(RecordProblem problem, long position, String detail) {
    super(problem.description() + (detail.isEmpty() ? "" : ": " + detail));
    this.problem = problem;
    this.position = position;
  }

  /** What is wrong. */
  public RecordProblem problem() {
    return problem;
  }

  /** Where the bad record starts, relative to what the caller passed in. */
  public long position() {
    return position;
  }
}
