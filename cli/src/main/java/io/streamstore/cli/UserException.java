package io.streamstore.cli;

/**
 * A failure the user can fix (a missing directory, a bad argument, a refused confirmation). It is
 * reported as one line with its exit code, never with a stack trace.
 */
final class UserException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  /** A failure reported with {@link ExitCodes#CANNOT_OPEN}. */
  public UserException(String message) {
    this(message, ExitCodes.CANNOT_OPEN);
  }

  /** A failure reported with {@code exitCode}. */
  public UserException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  /** A failure reported with {@code exitCode}, caused by {@code cause} (shown with --verbose). */
  public UserException(String message, int exitCode, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** The exit code to end the process with. */
  public int exitCode() {
    return exitCode;
  }
}
