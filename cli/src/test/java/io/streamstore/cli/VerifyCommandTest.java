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
  void damagedAndMissingRowsInH2AreProblems() throws Exception {
    Path db = tmp.resolve("db");
    String url = "streamstore:jdbc:h2:" + db;
    SampleStore.create(url, 30);
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:h2:" + db);
        java.sql.Statement st = c.createStatement()) {
      long orders;
      try (java.sql.ResultSet rs =
          st.executeQuery("SELECT channel_id FROM ss_channels WHERE name = 'orders'")) {
        rs.next();
        orders = rs.getLong(1);
      }
      // a payload that is no longer a protobuf message, and a row that vanished
      st.executeUpdate("UPDATE ss_messages SET data = X'FFFFFFFF' WHERE channel_id = " + orders
          + " AND seq = 5");
      st.executeUpdate("DELETE FROM ss_messages WHERE channel_id = " + orders + " AND seq = 7");
    }
    CliRun run = CliRun.of("verify", url);
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.PROBLEMS);
    assertThat(run.out())
        .contains("PROBLEM channel orders: sequence 5: ")
        .contains("PROBLEM channel orders: the channel counts 30 messages but 29 were found")
        .contains("DAMAGED: 2 channel(s)");
  }

  @Test
  void anEmptyMemoryStoreIsClean() {
    CliRun run = CliRun.of("verify", "streamstore:memory:");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("OK: 0 channel(s)");
  }
}
