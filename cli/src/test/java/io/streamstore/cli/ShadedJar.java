package io.streamstore.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The built {@code cli/target/streamstore.jar} (and the {@code streamstore} launcher next to it),
 * run in a separate JVM as a user runs it; shared by the {@code *IT} classes.
 */
final class ShadedJar {

  /** What a run printed and returned. */
  record Result(int exitCode, String out, String err) {
    /** Standard output and standard error together. */
    String all() {
      return out + err;
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- out ---\n" + out + "--- err ---\n" + err;
    }
  }

  private ShadedJar() {}

  /** The jar; the calling test is skipped when it was not built. */
  static Path jar() {
    Path jar = Paths.get(System.getProperty("streamstore.cli.jar", "target/streamstore.jar"));
    assumeTrue(Files.isRegularFile(jar),
        "the shaded jar " + jar + " was not built (run 'mvn package' first)");
    return jar;
  }

  /** The launcher script next to the jar. */
  static Path launcher() {
    Path script = Paths.get(System.getProperty("streamstore.cli.launcher", "target/streamstore"));
    assumeTrue(Files.isRegularFile(script), "the launcher " + script + " was not built");
    return script;
  }

  /** {@code java -jar streamstore.jar args...}. */
  static List<String> command(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-jar");
    command.add(jar().toString());
    command.addAll(List.of(args));
    return command;
  }

  /** Runs the jar with {@code args} and waits (at most 120 s). */
  static Result run(String... args) throws IOException, InterruptedException {
    return run(new ProcessBuilder(command(args)));
  }

  /** Runs a prepared process and waits (at most 120 s). */
  static Result run(ProcessBuilder builder) throws IOException, InterruptedException {
    Path out = Files.createTempFile("cli-out", ".txt");
    Path err = Files.createTempFile("cli-err", ".txt");
    try {
      Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("did not finish within 120 s: " + builder.command());
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
