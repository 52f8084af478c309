package io.streamstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Through the real jar: {@code info}, {@code dump} and {@code verify} write nothing to a JDBC
 * store. Where there is no store they say "no store here" (exit 2) and create no table and no file;
 * an existing H2 store keeps every byte and gets no {@code .trace.db}.
 */
class ReadOnlyJarIT {

  @TempDir Path tmp;

  private static List<String[]> readingCommands(String url) {
    return List.of(new String[] {"info", url}, new String[] {"dump", url, "orders"},
        new String[] {"verify", url});
  }

  @Test
  void aMissingH2FileIsNoStoreAndIsNotCreated() throws Exception {
    for (String[] args : readingCommands("streamstore:jdbc:h2:" + tmp.resolve("db"))) {
      ShadedJar.Result r = ShadedJar.run(args);
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.CANNOT_OPEN);
      assertThat(r.err()).contains("no store here").doesNotContain("\tat ");
    }
    try (Stream<Path> files = Files.list(tmp)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void anExistingH2StoreIsReadWithoutChangingAByte() throws Exception {
    String url = "streamstore:jdbc:h2:" + tmp.resolve("db");
    SampleStore.create(url, 20);
    Map<String, String> before = Fixtures.snapshot(tmp);
    for (String[] args : readingCommands(url)) {
      ShadedJar.Result r = ShadedJar.run(args);
      assertThat(r.exitCode()).as(r.toString()).isZero();
    }
    assertThat(Fixtures.snapshot(tmp)).as("no byte written, no .trace.db").isEqualTo(before);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"postgres", "mariadb"})
  void anEmptyDatabaseIsNoStoreAndGetsNoTable(String kind) throws Exception {
    String jdbc = TestServers.jdbcUrl(kind);
    String prefix = TestServers.prefix("ro");
    String url = TestServers.storeUrl(jdbc, "tablePrefix=" + prefix);
    try {
      for (String[] args : readingCommands(url)) {
        ShadedJar.Result r = ShadedJar.run(args);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.CANNOT_OPEN);
        assertThat(r.err()).contains("no store here").doesNotContain("\tat ");
        assertThat(TestServers.tables(jdbc, prefix)).as(String.join(" ", args)).isEmpty();
      }
    } finally {
      TestServers.drop(jdbc, prefix);
    }
  }
}
