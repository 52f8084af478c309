package io.streamstore.tck;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints, at the end of a test run, each distinct reason tests were skipped, once, with how many it
 * skipped: disabled tests and tests aborted by an assumption (a capability the backend lacks, a
 * database server that is not configured). Surefire keeps these reasons only in its XML reports; a
 * person reading the build log wants to know that 21 MySQL tests did not run and why.
 *
 * <p>Registered with {@link java.util.ServiceLoader} in this jar, so every test JVM that has the
 * conformance suite on its class path prints the summary. Thread-safe.
 */
public final class SkipReasons implements TestExecutionListener {

  private final Map<String, Integer> counts = new LinkedHashMap<>();
  private final PrintStream out;

  /** Prints to {@code System.out}, which Surefire shows on the console. */
  public SkipReasons() {
    this(System.out);
  }

  SkipReasons(PrintStream out) {
    this.out = out;
  }

  @Override
  public void executionSkipped(TestIdentifier test, String reason) {
    count(reason == null || reason.isBlank() ? "disabled" : reason);
  }

  @Override
  public void executionFinished(TestIdentifier test, TestExecutionResult result) {
    if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
      String reason = result.getThrowable().map(Throwable::getMessage).orElse(null);
      count(reason == null || reason.isBlank() ? "aborted by an assumption" : firstLine(reason));
    }
  }

  @Override
  public void testPlanExecutionFinished(TestPlan plan) {
    Map<String, Integer> snapshot;
    synchronized (counts) {
      snapshot = new LinkedHashMap<>(counts);
      counts.clear();
    }
    if (snapshot.isEmpty()) {
      return;
    }
    StringBuilder sb = new StringBuilder("[SKIPPED] reasons (each test or group counted once):");
    snapshot.forEach((reason, n) -> sb.append(System.lineSeparator())
        .append("[SKIPPED] ").append(n).append(n == 1 ? " test:  " : " tests: ").append(reason));
    out.println(sb);
    out.flush();
  }

  private void count(String reason) {
    synchronized (counts) {
      counts.merge(reason, 1, Integer::sum);
    }
  }

  private static String firstLine(String text) {
    int nl = text.indexOf('\n');
    return (nl < 0 ? text : text.substring(0, nl)).strip();
  }
}
