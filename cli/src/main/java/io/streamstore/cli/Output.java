package io.streamstore.cli;

import io.streamstore.StoreUrl;
import java.io.PrintWriter;

/**
 * Where a command writes: results to standard output, progress and diagnostics to standard error,
 * obeying {@code --quiet} (only results and errors) and {@code --verbose} (details and stack traces).
 * Every line written here is redacted ({@link Redactor}), so a URL's password never reaches the
 * terminal or a log, whoever built the line. Payloads printed through {@link #out()} are data and
 * are left as they are.
 */
final class Output {

  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean quiet;
  private final boolean verbose;
  private final Redactor redactor;

  /** An output over picocli's writers, masking what {@link StoreUrl#redact(String)} recognises. */
  public Output(PrintWriter out, PrintWriter err, boolean quiet, boolean verbose) {
    this(out, err, quiet, verbose, Redactor.NONE);
  }

  /** An output over picocli's writers, masking the credentials {@code redactor} knows. */
  Output(PrintWriter out, PrintWriter err, boolean quiet, boolean verbose, Redactor redactor) {
    this.redactor = redactor;
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
    out.println(redactor.apply(line));
    out.flush();
  }

  /** Writes a progress or status line to standard error unless {@code --quiet}. */
  public void info(String line) {
    if (!quiet) {
      err.println(redactor.apply(line));
      err.flush();
    }
  }

  /** Writes a detail line to standard error with {@code --verbose} only. */
  public void detail(String line) {
    if (verbose) {
      err.println(redactor.apply(line));
      err.flush();
    }
  }

  /** Writes a warning to standard error, even with {@code --quiet}. */
  public void warn(String line) {
    err.println("warning: " + redactor.apply(line));
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
