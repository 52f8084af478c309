package io.streamstore.torture;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running a {@code main} from this module's test class path, with its stdout read line by
 * line on a thread (so nothing is lost when it is killed: the kill goes through the
 * {@link ProcessHandle}, which does not close our ends of the pipes, as {@code Process.destroyForcibly}
 * would). Stderr goes to a file for diagnosis.
 *
 * <p>Lines are handed over through a blocking queue; the reader thread is the only producer.
 */
final class ChildJvm implements AutoCloseable {

  /** Marks the end of the child's output in {@link #lines}. */
  static final String EOF = "\u0000EOF";

  private final Process process;
  private final Thread reader;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> all = java.util.Collections.synchronizedList(new ArrayList<>());

  private ChildJvm(Process process) {
    this.process = process;
    this.reader = new Thread(this::pump, "child-stdout-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code mainClass} with {@code args}; extra JVM options first (e.g. {@code -Xmx64m}). */
  static ChildJvm start(Class<?> mainClass, List<String> jvmOptions, Path stderr, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-Xshare:auto");
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    cmd.add(mainClass.getName());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()));
    try {
      return new ChildJvm(pb.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void pump() {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        all.add(line);
        lines.add(line);
      }
    } catch (IOException e) {
      // the pipe breaks when the child dies; everything read so far is in the queue
    } finally {
      lines.add(EOF);
    }
  }

  /** The next line, or {@link #EOF} once the child's output ended, or null after the timeout. */
  String nextLine(long timeout, TimeUnit unit) throws InterruptedException {
    return lines.poll(timeout, unit);
  }

  /** Whether the child is still running (false when it died or exited by itself). */
  boolean alive() {
    return process.isAlive();
  }

  /** The child's process id (for signals such as SIGSTOP). */
  long pid() {
    return process.pid();
  }

  /** Writes one line to the child's stdin. */
  void send(String line) {
    try {
      process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
      process.getOutputStream().flush();
    } catch (IOException e) {
      // the child is gone: it cannot be told anything any more
    }
  }

  /** SIGKILLs the child and waits for it and for the reader to drain its output. */
  int kill() throws InterruptedException {
    process.toHandle().destroyForcibly();
    int code = process.waitFor();
    reader.join(TimeUnit.SECONDS.toMillis(30));
    return code;
  }

  /** Waits for a normal exit. */
  int waitFor(long timeout, TimeUnit unit) throws InterruptedException {
    if (!process.waitFor(timeout, unit)) {
      return kill();
    }
    reader.join(TimeUnit.SECONDS.toMillis(30));
    return process.exitValue();
  }

  /** Every line the child printed (complete after {@link #kill()} or {@link #waitFor}). */
  List<String> output() {
    synchronized (all) {
      return List.copyOf(all);
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
