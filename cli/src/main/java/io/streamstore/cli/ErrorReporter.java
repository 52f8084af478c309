package io.streamstore.cli;

import io.streamstore.spi.CorruptedDataException;
import io.streamstore.spi.InvalidNameException;
import io.streamstore.spi.InvalidOptionException;
import io.streamstore.spi.MissingServerInfoException;
import io.streamstore.spi.NoSuitableDriverException;
import io.streamstore.spi.NotSupportedException;
import io.streamstore.spi.StoreException;
import io.streamstore.spi.StoreInUseException;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every failure into one line on standard error and an exit code from {@link ExitCodes}. The
 * stack trace is printed only with {@code --verbose}, and never for a mistake the user can fix.
 * Everything printed is redacted ({@link Redactor}): an error about a URL never shows its password.
 */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {

  private final StreamstoreCli root;

  ErrorReporter(StreamstoreCli root) {
    this.root = root;
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println(Redactor.of(java.util.Arrays.asList(args)).apply(prefix(cmd) + ex.getMessage()));
    if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, err)) {
      err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
    }
    err.flush();
    return ExitCodes.CANNOT_OPEN;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    int code = exitCode(ex);
    boolean expected = code != ExitCodes.FAILED || ex instanceof StoreException;
    String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    if (!expected) {
      message = "internal error: " + ex + (root.verbose() ? "" : " (run with --verbose for details)");
    }
    Redactor redactor = Redactor.of(parsed == null ? null : parsed.originalArgs());
    err.println(redactor.apply(prefix(cmd) + message));
    if (root.verbose()) {
      StringWriter trace = new StringWriter();
      ex.printStackTrace(new PrintWriter(trace));
      err.print(redactor.apply(trace.toString()));
    }
    err.flush();
    return code;
  }

  /** The exit code for a failure. */
  static int exitCode(Throwable ex) {
    if (ex instanceof UserException u) {
      return u.exitCode();
    }
    if (ex instanceof InvalidOptionException
        || ex instanceof NoSuitableDriverException
        || ex instanceof StoreInUseException
        || ex instanceof MissingServerInfoException
        || ex instanceof InvalidNameException
        || ex instanceof NotSupportedException
        || ex instanceof IllegalArgumentException) {
      return ExitCodes.CANNOT_OPEN;
    }
    if (ex instanceof CorruptedDataException) {
      return ExitCodes.PROBLEMS;
    }
    return ExitCodes.FAILED;
  }

  private static String prefix(CommandLine cmd) {
    return cmd.getCommandSpec().qualifiedName() + ": ";
  }
}
