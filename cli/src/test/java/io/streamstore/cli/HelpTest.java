package io.streamstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command explains itself: examples and the exit codes. */
class HelpTest {

  @ParameterizedTest
  @ValueSource(strings = {"info", "dump", "verify", "repair", "copy", "bench"})
  void everyCommandHasExamplesAndExitCodes(String command) {
    CliRun run = CliRun.of(command, "--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("Usage: streamstore " + command)
        .contains("Examples:")
        .contains("streamstore " + command + " ")
        .contains("Exit codes:")
        .contains("Nothing done: bad usage");
  }

  @ParameterizedTest
  @ValueSource(strings = {"--help", "help"})
  void theTopLevelHelpListsTheCommands(String arg) {
    CliRun run = CliRun.of(arg);
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("info", "dump", "verify", "repair", "copy", "bench",
        "Exit codes:");
  }

  @ParameterizedTest
  @ValueSource(strings = {"--version", "-V"})
  void versionListsTheInstalledBackends(String arg) {
    CliRun run = CliRun.of(arg);
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("streamstore ").contains("streamstore:memory:");
  }
}
