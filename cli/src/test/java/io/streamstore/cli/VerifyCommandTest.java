package io.streamstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** verify on healthy stores of the non-file backends (the file fixtures are in FileStoreCommandsTest). */
class VerifyCommandTest {

  @TempDir Path tmp;

  @Test
  void aHealthyH2StoreIsClean() {
    String url = "streamstore:jdbc:h2:" + tmp.resolve("db");
    SampleStore.create(url, 30);
    CliRun run = CliRun.of("verify", url);
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out().strip()).isEqualTo(
        "OK: 2 channel(s), 33 message(s), 2 subscription(s) read; no problem found");
  }

  @Test
  void jsonListsWhatWasChecked() {
    String url = "streamstore:jdbc:h2:" + tmp.resolve("db");
    SampleStore.create(url, 5);
    CliRun run = CliRun.of("verify", "--json", url);
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("\"checked\":[\"messages and subscriptions\"],\"channels\":2,"
        + "\"messages\":8,\"subscriptions\":2,\"problems\":[]");
  }

  @Test
  void anEmptyMemoryStoreIsClean() {
    CliRun run = CliRun.of("verify", "streamstore:memory:");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("OK: 0 channel(s)");
  }
}
