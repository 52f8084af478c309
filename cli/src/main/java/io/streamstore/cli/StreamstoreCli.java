package io.streamstore.cli;

import io.streamstore.Stores;
import io.streamstore.spi.StoreDriver;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code streamstore} command: inspects, verifies, repairs, copies and benchmarks stores opened
 * by URL. Each sub-command is its own class; this one holds the options every command shares and
 * maps failures to {@link ExitCodes}.
 */
@Command(
    name = "streamstore",
    mixinStandardHelpOptions = true,
    versionProvider = StreamstoreCli.Version.class,
    description = {
      "Inspect, verify, repair, copy and benchmark streamstore stores.",
      "",
      "Stores are named by URL: streamstore:memory:, streamstore:file:/path/to/dir,",
      "streamstore:jdbc:h2:/path/db, streamstore:jdbc:postgresql://host/db?user=u ..."
    },
    subcommands = {
      InfoCommand.class,
      DumpCommand.class,
      VerifyCommand.class,
      RepairCommand.class,
      CopyCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class StreamstoreCli implements Runnable {

  @Spec CommandSpec spec;

  @Option(
      names = {"-q", "--quiet"},
      scope = ScopeType.INHERIT,
      description = "Print results and errors only: no progress, no status lines.")
  boolean quiet;

  @Option(
      names = {"-v", "--verbose"},
      scope = ScopeType.INHERIT,
      description = "Print details, and the stack trace of an error.")
  boolean verbose;

  /** Runs the tool and exits with its exit code. */
  public static void main(String[] args) {
    quietLogging(args);
    // the backends' log lines go to standard error through slf4j-simple: mask credentials there too
    Redactor redactor = Redactor.of(java.util.Arrays.asList(args));
    System.setErr(new java.io.PrintStream(redactor.lines(new java.io.FileOutputStream(
        java.io.FileDescriptor.err)), true, java.nio.charset.StandardCharsets.UTF_8));
    System.exit(execute(args));
  }

  /**
   * Backends log what they repair or skip through slf4j; the tool reports what matters itself, so
   * their log shows only errors unless {@code --verbose} is given. A level set with {@code
   * -Dorg.slf4j.simpleLogger.defaultLogLevel} wins.
   */
  private static void quietLogging(String[] args) {
    String key = "org.slf4j.simpleLogger.defaultLogLevel";
    if (System.getProperty(key) == null) {
      boolean verbose = java.util.Arrays.stream(args)
          .anyMatch(a -> a.equals("-v") || a.equals("--verbose"));
      System.setProperty(key, verbose ? "info" : "error");
    }
  }

  /** Runs the tool in this JVM (tests) and returns the exit code. */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  /** The configured command line: error handling, exit codes, sub-commands. */
  public static CommandLine commandLine() {
    StreamstoreCli root = new StreamstoreCli();
    CommandLine cl = new CommandLine(root);
    ErrorReporter reporter = new ErrorReporter(root);
    cl.setExecutionExceptionHandler(reporter);
    cl.setParameterExceptionHandler(reporter);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    Map<String, String> codes = new LinkedHashMap<>();
    for (String line : ExitCodes.HELP) {
      int colon = line.indexOf(':');
      codes.put(line.substring(0, colon), line.substring(colon + 1));
    }
    List<CommandLine> all = new ArrayList<>(cl.getSubcommands().values());
    all.add(cl);
    for (CommandLine c : all) {
      // every command's help lists the exit codes; 100 columns keep URLs and examples on one line
      c.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes)
          .width(100);
    }
    return cl;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Whether {@code --verbose} was given. */
  boolean verbose() {
    return verbose;
  }

  /** The output of a command, obeying {@code --quiet} and {@code --verbose}. */
  Output output(CommandSpec commandSpec) {
    CommandLine cl = commandSpec.commandLine();
    CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
    return new Output(cl.getOut(), cl.getErr(), quiet, verbose,
        Redactor.of(parsed == null ? List.of() : parsed.originalArgs()));
  }

  /** Prints the tool's version and the backends found on the class path. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      List<String> lines = new ArrayList<>();
      lines.add("streamstore " + version());
      for (StoreDriver d : Stores.drivers()) {
        lines.add("  streamstore:" + d.backend() + ":  " + d.description());
      }
      return lines.toArray(String[]::new);
    }

    private static String version() {
      Properties p = new Properties();
      try (InputStream in = StreamstoreCli.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      } catch (IOException e) {
        return "(unknown version)";
      }
      return p.getProperty("version", "(unknown version)");
    }
  }
}
