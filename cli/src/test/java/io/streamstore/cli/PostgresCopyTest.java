package io.streamstore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * copy from a NATS Streaming directory into the local PostgreSQL (127.0.0.1:5432, user postgres,
 * database test), in tables with a prefix of their own that are dropped afterwards. Skipped with a
 * reason when no PostgreSQL listens there.
 */
class PostgresCopyTest {

  private static final String JDBC = "jdbc:postgresql://127.0.0.1:5432/test";

  @TempDir Path tmp;
  private final String prefix = "cli" + Long.toString(System.nanoTime(), 36) + "_";

  @BeforeEach
  void requirePostgres() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", 5432), 500);
    } catch (java.io.IOException e) {
      assumeTrue(false, "no PostgreSQL on 127.0.0.1:5432: " + e.getMessage());
    }
  }

  @AfterEach
  void dropTables() throws Exception {
    try (Connection c = DriverManager.getConnection(JDBC, "postgres", "");
        Statement st = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rs = st.executeQuery("SELECT table_name FROM information_schema.tables"
          + " WHERE table_name LIKE '" + prefix.toLowerCase(Locale.ROOT) + "%'")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      for (String t : tables) {
        st.execute("DROP TABLE IF EXISTS " + t + " CASCADE");
      }
    } catch (java.sql.SQLException e) {
      // nothing was created
    }
  }

  @Test
  void copiesTheBasicFixtureIntoPostgresAndVerifiesIt() {
    String source = "streamstore:file:" + Fixtures.copy("basic", tmp);
    String target = "streamstore:" + JDBC + "?user=postgres&tablePrefix=" + prefix;
    CliRun run = CliRun.of("copy", source, target);
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("copied 3,000 message(s)").contains("verified:");
    CliRun verify = CliRun.of("verify", target);
    assertThat(verify.exitCode()).as(verify.toString()).isZero();
    assertThat(verify.out()).contains("OK: 3 channel(s), 3000 message(s), 9 subscription(s)");
  }
}
