package io.streamstore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.launcher.TestIdentifier;
import org.opentest4j.TestAbortedException;

/** The end-of-run summary of skip reasons: each reason once, with its count. */
class SkipReasonsTest {

  private static TestIdentifier test(String name) {
    return TestIdentifier.from(new AbstractTestDescriptor(UniqueId.root("test", name), name) {
      @Override
      public Type getType() {
        return Type.TEST;
      }
    });
  }

  @Test
  void eachReasonIsPrintedOnceWithItsCountAndTheCountsStartOverAfterARun() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    SkipReasons listener = new SkipReasons(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    TestExecutionResult noMySql =
        TestExecutionResult.aborted(new TestAbortedException("MySQL tests skipped: set X\nmore"));
    listener.executionFinished(test("a"), noMySql);
    listener.executionFinished(test("b"), noMySql);
    listener.executionFinished(test("c"), TestExecutionResult.successful());
    listener.executionSkipped(test("d"), "needs PERSISTENT");
    listener.executionFinished(test("e"), TestExecutionResult.failed(new AssertionError("x")));
    listener.testPlanExecutionFinished(null);

    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertThat(printed.lines())
        .containsExactly(
            "[SKIPPED] reasons (each test or group counted once):",
            "[SKIPPED] 2 tests: MySQL tests skipped: set X",
            "[SKIPPED] 1 test:  needs PERSISTENT");

    bytes.reset();
    listener.testPlanExecutionFinished(null);
    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEmpty();
  }
}
