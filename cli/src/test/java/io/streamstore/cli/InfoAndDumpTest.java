package io.streamstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** info and dump on an embedded H2 store with known content. */
class InfoAndDumpTest {

  @TempDir Path tmp;
  String url;

  @BeforeEach
  void fill() {
    url = "streamstore:jdbc:h2:" + tmp.resolve("db");
    SampleStore.create(url, 25);
  }

  @Test
  void infoShowsServerClientsChannelsAndSubscriptions() {
    CliRun run = CliRun.of("info", url);
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .contains("Type:      JDBC")
        .contains("cluster test-cluster, node n1")
        .contains("Clients:   2 (client-a, client-b)")
        .contains("Channels:  2")
        .containsPattern("orders\\s+1\\s+25\\s+25\\s+\\d+\\s+2")
        .containsPattern("bin\\s+1\\s+3\\s+3\\s+\\d+\\s+0")
        .containsPattern("orders\\s+\\d+\\s+client-a\\s+durable dur\\s+_INBOX.a\\s+5\\s+3");
  }

  @Test
  void infoJsonHasTheSameFacts() {
    CliRun run = CliRun.of("info", "--json", url);
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .contains("\"type\":\"JDBC\"")
        .contains("\"ClusterID\":\"test-cluster\"")
        .contains("{\"ID\":\"client-a\",\"HbInbox\":\"_INBOX.hb.a\"")
        .contains("{\"name\":\"orders\",\"first\":1,\"last\":25,\"count\":25,")
        .contains("\"durableName\":\"dur\"")
        .contains("\"pendingCount\":3,\"pending\":[3,4,5]");
  }

  @Test
  void dumpPrintsARangeAsTextLines() {
    CliRun run = CliRun.of("dump", url, "orders", "--from", "9", "--to", "11");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out().split("\n")).containsExactly(
        "9  2023-11-14T22:13:29Z  orders  7 B  order 9",
        "10  2023-11-14T22:13:30Z  orders reply=_INBOX.reply.10  8 B  order 10",
        "11  2023-11-14T22:13:31Z  orders  8 B  order 11");
    assertThat(run.err()).contains("dumped 3 message(s) of orders");
  }

  @Test
  void dumpJsonShowsBinaryPayloadsAsBase64() {
    CliRun run = CliRun.of("dump", "--json", url, "bin");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    String[] lines = run.out().split("\n");
    assertThat(lines).hasSize(3);
    assertThat(lines[1]).isEqualTo("{\"seq\":2,\"subject\":\"bin\",\"timestamp\":"
        + (SampleStore.T0 + 2) + ",\"time\":\"2023-11-14T22:13:20.000000002Z\",\"size\":3,"
        + "\"dataBase64\":\"AAL/\"}");
  }

  @Test
  void dumpSinceStartsAtTheFirstMessageAtOrAfterTheTime() {
    CliRun run = CliRun.of("dump", url, "orders", "--since", "2023-11-14T22:13:43.5Z", "-q");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out().split("\n")).hasSize(2);
    assertThat(run.out()).startsWith("24  ");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void dumpOfAMissingChannelListsTheChannels() {
    CliRun run = CliRun.of("dump", url, "nope");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.CANNOT_OPEN);
    assertThat(run.err()).contains("no channel 'nope'").contains("channels: bin, orders");
  }

  @Test
  void aBadSinceIsAUserError() {
    CliRun run = CliRun.of("dump", url, "orders", "--since", "yesterday");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.CANNOT_OPEN);
    assertThat(run.err()).contains("--since 'yesterday'").doesNotContain("\tat ");
  }

  @Test
  void readingAMissingH2DatabaseDoesNotCreateIt() {
    Path missing = tmp.resolve("missing");
    CliRun run = CliRun.of("info", "streamstore:jdbc:h2:" + missing);
    assertThat(run.exitCode()).as(run.toString()).isNotZero();
    assertThat(run.err()).doesNotContain("\tat ");
    assertThat(tmp.resolve("missing.mv.db")).doesNotExist();
  }

  @Test
  void aMemoryStoreIsEmpty() {
    CliRun run = CliRun.of("info", "streamstore:memory:");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Type:      MEMORY").contains("never initialised");
  }
}
