package io.streamstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** User mistakes end with one clear line and exit code 2, never with a stack trace. */
class ErrorHandlingTest {

  @TempDir Path tmp;

  private static void assertOneCleanLine(CliRun run) {
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.CANNOT_OPEN);
    assertThat(run.err()).as(run.toString()).doesNotContain("\tat ").doesNotContain("Exception");
  }

  @Test
  void aUrlWithoutThePrefixIsRefusedWithAHint() {
    CliRun run = CliRun.of("info", "file:/tmp/x");
    assertOneCleanLine(run);
    assertThat(run.err()).contains("not a store URL").contains("streamstore:file:");
  }

  @Test
  void aDirectoryGivenInsteadOfAUrlGetsTheUrlSuggested() {
    CliRun run = CliRun.of("verify", tmp.toString());
    assertOneCleanLine(run);
    assertThat(run.err()).contains("did you mean streamstore:file:" + tmp.toAbsolutePath());
  }

  @Test
  void anUnknownBackendListsTheInstalledOnes() {
    CliRun run = CliRun.of("info", "streamstore:nosuch:x");
    assertOneCleanLine(run);
    assertThat(run.err()).contains("streamstore:nosuch:x").contains("streamstore:memory:");
  }

  @ParameterizedTest
  @ValueSource(strings = {"info", "dump", "verify", "repair"})
  void aMissingDirectoryIsNamedAndNothingIsCreated(String command) {
    Path missing = tmp.resolve("no-such-store");
    CliRun run = command.equals("dump")
        ? CliRun.of(command, "streamstore:file:" + missing, "foo")
        : CliRun.of(command, "streamstore:file:" + missing);
    assertOneCleanLine(run);
    assertThat(run.err()).contains(missing + " does not exist");
    assertThat(missing).doesNotExist();
  }

  @Test
  void anUnreachableDatabaseIsOneLineWithExitCode2() {
    CliRun run = CliRun.of("info",
        "streamstore:jdbc:postgresql://127.0.0.1:1/test?user=postgres&connectionTimeout=1s");
    assertOneCleanLine(run);
    assertThat(run.err()).contains("cannot open streamstore:jdbc:postgresql://127.0.0.1:1/test");
  }

  @Test
  void anUnknownOptionIsOneLineWithAPointerToHelp() {
    CliRun run = CliRun.of("info", "--bogus", "streamstore:memory:");
    assertOneCleanLine(run);
    assertThat(run.err()).contains("Unknown option: '--bogus'").contains("streamstore info --help");
  }

  @Test
  void anUnknownCommandIsOneLine() {
    CliRun run = CliRun.of("frobnicate");
    assertOneCleanLine(run);
    assertThat(run.err()).contains("frobnicate");
  }

  @Test
  void aMissingArgumentIsReported() {
    CliRun run = CliRun.of("dump", "streamstore:memory:");
    assertOneCleanLine(run);
    assertThat(run.err()).contains("CHANNEL");
  }

  @Test
  void anUnknownStoreOptionIsOneLine() {
    CliRun run = CliRun.of("info", "streamstore:memory:?bogus=1");
    assertOneCleanLine(run);
    assertThat(run.err()).contains("bogus");
  }

  @Test
  void verboseAddsTheStackTraceWhereverItIsGiven() {
    CliRun before = CliRun.of("--verbose", "info", "streamstore:memory:?bogus=1");
    CliRun after = CliRun.of("info", "streamstore:memory:?bogus=1", "-v");
    assertThat(before.exitCode()).isEqualTo(ExitCodes.CANNOT_OPEN);
    assertThat(before.err()).contains("\tat ");
    assertThat(after.exitCode()).isEqualTo(ExitCodes.CANNOT_OPEN);
    assertThat(after.err()).contains("\tat ");
  }

  @Test
  void badBenchArgumentsAreUserErrors() {
    assertOneCleanLine(CliRun.of("bench", "streamstore:memory:", "--workloads", "W9"));
    assertOneCleanLine(CliRun.of("bench", "streamstore:memory:", "--scale", "0"));
    assertOneCleanLine(CliRun.of("bench", "streamstore:memory:", "--scale", "lots"));
  }

  @Test
  void copyIntoItselfIsRefused() {
    CliRun run = CliRun.of("copy", "streamstore:file:" + tmp, "streamstore:file:" + tmp);
    assertOneCleanLine(run);
    assertThat(run.err()).contains("same store");
  }

  @Test
  void repairRefusesOtherBackends() {
    CliRun run = CliRun.of("repair", "--yes", "streamstore:memory:");
    assertOneCleanLine(run);
    assertThat(run.err()).contains("file stores only");
  }
}
