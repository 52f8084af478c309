package io.streamstore.cli;

/**
 * The exit codes of every command; documented in {@code --help} and {@code cli/README.md}, so
 * scripts may rely on them.
 */
public final class ExitCodes {
  /** The command did what was asked; for verify: no problem found. */
  public static final int OK = 0;
  /** The command ran but found problems: damaged data (verify), counts that differ (copy). */
  public static final int PROBLEMS = 1;
  /** Nothing was done: bad usage, bad URL or option, missing directory, store in use or unreadable. */
  public static final int CANNOT_OPEN = 2;
  /** The command started but failed part-way (an I/O error, a store error while writing). */
  public static final int FAILED = 3;

  /** The exit code section of {@code --help}. */
  static final String[] HELP = {
    "0:Success (verify: no problem found).",
    "1:Problems found: damaged data (verify, dump, copy, repair), counts that differ after copy.",
    "2:Nothing done: bad usage, bad URL or option, missing directory, store in use or unreadable.",
    "3:Failed part-way: an I/O or store error while working."
  };

  private ExitCodes() {}
}
