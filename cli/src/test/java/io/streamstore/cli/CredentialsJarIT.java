package io.streamstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through the real jar: no password given in a URL (query option, user information) appears in what
 * any command prints, on success or on failure, with or without {@code --verbose}; and a typo in a
 * JDBC option is refused by name.
 */
class CredentialsJarIT {

  private static final String SECRET = "S3cret-pw-77";

  @TempDir Path tmp;
  private int sources;

  private static void assertHidden(ShadedJar.Result r, String... args) {
    assertThat(r.all()).as(String.join(" ", args) + "\n" + r).doesNotContain(SECRET);
  }

  /** Every command on {@code url}, which names a store that cannot be opened. */
  private List<String[]> everyCommand(String url) {
    String fixture = "streamstore:file:" + Fixtures.copy("basic", tmp.resolve("src" + (++sources)));
    List<String[]> runs = new ArrayList<>();
    runs.add(new String[] {"info", url});
    runs.add(new String[] {"-v", "info", "--json", url});
    runs.add(new String[] {"dump", url, "orders"});
    runs.add(new String[] {"verify", "--json", "-v", url});
    runs.add(new String[] {"copy", fixture, url});
    runs.add(new String[] {"copy", "-v", url, "streamstore:file:" + tmp.resolve("dst")});
    runs.add(new String[] {"bench", url, "--scale", "0.001", "--workloads", "W1"});
    return runs;
  }

  /** The error paths of {@code url} that show it: opening it to read, and to write. */
  private List<String[]> openingCommands(String url) {
    String fixture = "streamstore:file:" + Fixtures.copy("basic", tmp.resolve("src" + (++sources)));
    return List.of(new String[] {"-v", "verify", url}, new String[] {"copy", fixture, url});
  }

  private void runAll(List<String[]> runs, boolean mustFail) throws Exception {
    for (String[] args : runs) {
      ShadedJar.Result r = ShadedJar.run(args);
      if (mustFail) {
        assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r).isNotZero();
      }
      assertHidden(r, args);
    }
  }

  @Test
  void unreachableDatabasesAndRefusedLoginsNeverShowThePassword() throws Exception {
    runAll(everyCommand("streamstore:jdbc:postgresql://127.0.0.1:1/x?user=u&password=" + SECRET
        + "&connectionTimeout=1s"), true);
    // MariaDB's own message quotes part of the user information ("Incorrect port value")
    runAll(openingCommands(
        "streamstore:jdbc:mariadb://u:" + SECRET + "@127.0.0.1:1/x?connectionTimeout=1s"), true);
    // a copy into H2 creates the database, and may work
    runAll(openingCommands("streamstore:jdbc:h2:" + tmp.resolve("h2") + ";PASSWORD=" + SECRET),
        false);
  }

  @Test
  void aMariaDbThatRefusesThePasswordDoesNotShowIt() throws Exception {
    runAll(openingCommands(
        TestServers.storeUrl(TestServers.jdbcUrl("mariadb"), "password=" + SECRET)), true);
  }

  @Test
  void aWorkingPostgresStoreNeverShowsThePassword() throws Exception {
    String jdbc = TestServers.jdbcUrl("postgres"); // local trust authentication ignores it
    String prefix = TestServers.prefix("cred");
    String url = TestServers.storeUrl(jdbc, "password=" + SECRET + "&tablePrefix=" + prefix);
    try {
      String source = "streamstore:file:" + Fixtures.copy("basic", tmp);
      List<String[]> runs = List.of(
          new String[] {"copy", source, url},
          new String[] {"copy", "--json", source, url},
          new String[] {"info", "--json", url},
          new String[] {"dump", url, "nope"},
          new String[] {"verify", "-v", url},
          new String[] {"bench", url, "--scale", "0.001", "--workloads", "W1"});
      for (String[] args : runs) {
        ShadedJar.Result r = ShadedJar.run(args);
        assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r)
            .isEqualTo(List.of(args).contains("nope") ? ExitCodes.CANNOT_OPEN : ExitCodes.OK);
        assertHidden(r, args);
      }
      ShadedJar.Result info = ShadedJar.run("info", url);
      assertThat(info.out()).contains("Store:     streamstore:jdbc:postgresql:")
          .contains("password=***");
    } finally {
      TestServers.drop(jdbc, prefix);
    }
  }

  @Test
  void aTypoInAJdbcOptionIsRefusedWithTheNearestName() throws Exception {
    ShadedJar.Result pg = ShadedJar.run("info",
        "streamstore:jdbc:postgresql://127.0.0.1:1/x?user=u&maxMsg=100");
    assertThat(pg.exitCode()).as(pg.toString()).isEqualTo(ExitCodes.CANNOT_OPEN);
    assertThat(pg.err()).contains("'maxMsg' is not known").contains("did you mean 'maxMsgs'")
        .doesNotContain("\tat ");
    ShadedJar.Result maria = ShadedJar.run("verify",
        "streamstore:jdbc:mariadb://127.0.0.1:1/x?user=u&maxPoolSise=2");
    assertThat(maria.exitCode()).as(maria.toString()).isEqualTo(ExitCodes.CANNOT_OPEN);
    assertThat(maria.err()).contains("did you mean 'maxPoolSize'");
  }
}
