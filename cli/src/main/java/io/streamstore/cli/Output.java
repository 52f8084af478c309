package io.streamstore.cli;

import io.streamstore.StoreUrl;
import java.io.PrintWriter;

/**
 * Where a command writes: results to standard output, progress and diagnostics to standard error,
 * obeying {@code --quiet} (only results and errors) and {@code --verbose} (details and stack traces).
 * Every line written here is {@linkplain StoreUrl#redact(String) redacted}, so a URL's password
 * never reaches the terminal or a log, whoever built the line.
 */
final class Output {

  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean quiet;
  private final boolean verbose;

  /** An output over picocli's writers. */
  public Output(PrintWriter out, PrintWriter err, boolean quiet, boolean verbose) {
    this.out = out;
    this.err = err;
    this.quiet = quiet;
    this.verbose = verbose;
  }

  /** The result stream (never silenced). */
  public PrintWriter out() {
    return out;
  }

  /** Writes one result line. */
  public void result(String line) {
    out.println(StoreUrl.redact(line));
    out.flush();
  }

  /** Writes a progress or status line to standard error unless {@code --quiet}. */
  public void info(String line) {
    if (!quiet) {
      err.println(StoreUrl.redact(line));
      err.flush();
    }
  }

  /** Writes a detail line to standard error with {@code --verbose} only. */
  public void detail(String line) {
    if (verbose) {
      err.println(StoreUrl.redact(line));
      err.flush();
    }
  }

  /** Writes a warning to standard error, even with {@code --quiet}. */
  public void warn(String line) {
    err.println("warning: " + StoreUrl.redact(line));
    err.flush();
  }

  /** The error stream, for progress bars that redraw one line. */
  PrintWriter err() {
    return err;
  }

  /** Whether {@code --quiet} was given. */
  public boolean quiet() {
    return quiet;
  }

  /** Whether {@code --verbose} was given. */
  public boolean verbose() {
    return verbose;
  }
}
