package io.streamstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamstore.Stores;
import io.streamstore.spi.RecoveredChannel;
import io.streamstore.spi.RecoveredSubscription;
import io.streamstore.spi.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The commands on file stores written by NATS Streaming (copies of the shared fixtures). */
class FileStoreCommandsTest {

  @TempDir Path tmp;

  private String url(Path dir) {
    return "streamstore:file:" + dir;
  }

  @Test
  void verifyFindsTheBasicStoreClean() {
    CliRun run = CliRun.of("verify", url(Fixtures.copy("basic", tmp)));
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out().strip()).isEqualTo(
        "OK: 3 channel(s), 3000 message(s), 9 subscription(s) read; no problem found");
  }

  @Test
  void verifyReportsATornTailWithFileAndOffset() {
    CliRun run = CliRun.of("verify", url(Fixtures.copy("torn-tail", tmp)));
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.PROBLEMS);
    // orders/msgs.1.dat lost its last 100 bytes: the record of 1000 starts at 288368
    assertThat(run.out()).contains("PROBLEM orders/msgs.1.dat offset 288368: TORN_TAIL");
    assertThat(run.out()).contains("DAMAGED");
  }

  @Test
  void verifyReportsABadCrcWithFileAndOffset() {
    CliRun run = CliRun.of("verify", url(Fixtures.copy("crc-bad", tmp)));
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.PROBLEMS);
    // byte 140000 was overwritten, inside the record of message 497 starting at 139970
    assertThat(run.out()).contains("PROBLEM foo/msgs.1.dat offset 139970: BAD_CRC");
    assertThat(run.out()).contains("3000 message(s)");
  }

  @Test
  void verifyJsonCarriesFileAndOffset() {
    CliRun run = CliRun.of("verify", "--json", url(Fixtures.copy("crc-bad", tmp)));
    assertThat(run.exitCode()).isEqualTo(ExitCodes.PROBLEMS);
    assertThat(run.out()).contains("{\"channel\":\"foo\",\"file\":\"foo/msgs.1.dat\","
        + "\"offset\":139970,\"message\":\"BAD_CRC:");
  }

  /**
   * Issue 9, item 7: a channel directory named like a temp file of the store ({@code server.dat.tmp},
   * which older versions accepted) made the store impossible to open while verify, info and repair
   * said OK. Now every command reports it the same way and nothing is moved.
   */
  @Test
  void aDirectoryWithANameReservedForStoreFilesIsAProblemForEveryCommand() throws Exception {
    Path dir = Fixtures.copy("basic", tmp);
    Files.move(dir.resolve("foo"), dir.resolve("server.dat.tmp"));
    Map<String, String> before = Fixtures.snapshot(dir);

    CliRun verify = CliRun.of("verify", url(dir));
    assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(ExitCodes.PROBLEMS);
    assertThat(verify.out()).contains("PROBLEM server.dat.tmp offset 0: BAD_FILE: directory"
        + " \"server.dat.tmp\" in the store root has a name reserved for the store's own files");
    assertThat(verify.out()).doesNotContain("OK");

    CliRun info = CliRun.of("info", url(dir));
    assertThat(info.exitCode()).as(info.toString()).isEqualTo(ExitCodes.PROBLEMS);
    assertThat(info.err()).contains("server.dat.tmp").contains("Move it out");

    CliRun dump = CliRun.of("dump", url(dir), "orders");
    assertThat(dump.exitCode()).as(dump.toString()).isEqualTo(ExitCodes.PROBLEMS);
    assertThat(dump.err()).contains("server.dat.tmp");

    CliRun dryRun = CliRun.of("repair", url(dir));
    assertThat(dryRun.exitCode()).as(dryRun.toString()).isEqualTo(ExitCodes.PROBLEMS);
    assertThat(dryRun.out()).contains("PROBLEM server.dat.tmp");

    CliRun repair = CliRun.of("repair", "--yes", url(dir));
    assertThat(repair.exitCode()).as(repair.toString()).isEqualTo(ExitCodes.PROBLEMS);
    assertThat(repair.out()).contains("UNREPAIRED server.dat.tmp");
    Map<String, String> after = Fixtures.snapshot(dir);
    after.keySet().removeIf(k -> k.endsWith(".rootdir.lck"));
    before.keySet().removeIf(k -> k.endsWith(".rootdir.lck"));
    assertThat(after).as("no command moved or changed a file").isEqualTo(before);

    Files.move(dir.resolve("server.dat.tmp"), dir.resolve("foo"));
    assertThat(CliRun.of("verify", url(dir)).exitCode()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"verify", "info", "dump"})
  void readingCommandsChangeNoByteAndTakeNoLock(String command) {
    Path dir = Fixtures.copy("no-index", tmp); // recovery would rebuild indexes if allowed to write
    Map<String, String> before = Fixtures.snapshot(dir);
    CliRun run = command.equals("dump")
        ? CliRun.of(command, url(dir), "foo", "--to", "3")
        : CliRun.of(command, url(dir));
    assertThat(run.exitCode()).as(run.toString()).isIn(0, 1);
    assertThat(Fixtures.snapshot(dir)).isEqualTo(before);
  }

  @Test
  void whileARunningStoreHoldsTheLockReadingWorksAndWritingIsRefused() {
    Path dir = Fixtures.copy("basic", tmp);
    try (Store running = Stores.open(url(dir))) {
      assertThat(running.tryExclusiveLock()).isTrue();
      CliRun info = CliRun.of("info", url(dir));
      assertThat(info.exitCode()).as(info.toString()).isZero();
      CliRun copy = CliRun.of("copy", url(Fixtures.copy("crc-bad", tmp)), url(dir));
      assertThat(copy.exitCode()).as(copy.toString()).isEqualTo(ExitCodes.CANNOT_OPEN);
      assertThat(copy.err()).contains("in use");
      CliRun repair = CliRun.of("repair", "--yes", url(dir));
      assertThat(repair.exitCode()).as(repair.toString()).isEqualTo(ExitCodes.CANNOT_OPEN);
      assertThat(repair.err()).doesNotContain("\tat ");
    }
  }

  @Test
  void infoShowsWhatNatsStreamingStored() {
    CliRun run = CliRun.of("info", url(Fixtures.copy("basic", tmp)));
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .contains("Type:      FILE (opened read-only)")
        .contains("cluster fixture-cluster")
        .contains("Clients:   2 (client-a, client-c)")
        .containsPattern("foo\\s+1\\s+1000\\s+1000\\s+\\d+\\s+3")
        .containsPattern("orders\\s+\\d+\\s+\\S+\\s+queue workers");
  }

  @Test
  void dumpJsonReproducesTheFixturePayloads() {
    CliRun run = CliRun.of("dump", "--json", url(Fixtures.copy("basic", tmp)), "orders",
        "--from", "10", "--to", "10");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    // payload of seq in channel ch: length (seq*37) % 500 + len(ch), byte i = (seq*31 + i + len(ch))
    int len = (10 * 37) % 500 + "orders".length();
    byte[] expected = new byte[len];
    for (int i = 0; i < len; i++) {
      expected[i] = (byte) (10 * 31 + i + "orders".length());
    }
    assertThat(run.out().strip()).isEqualTo("{\"seq\":10,\"subject\":\"orders\",\"reply\":"
        + "\"_INBOX.reply.10\",\"timestamp\":1700000000010000000,\"time\":"
        + "\"2023-11-14T22:13:20.010Z\",\"size\":" + len + ",\"dataBase64\":\""
        + Base64.getEncoder().encodeToString(expected) + "\"}");
  }

  @Test
  void dumpOfTheCrcDamagedMessageReportsItAndGoesOn() {
    CliRun run = CliRun.of("dump", url(Fixtures.copy("crc-bad", tmp)), "foo", "--from", "496",
        "--to", "498");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.PROBLEMS);
    assertThat(run.out()).startsWith("496  ").contains("\n498  ");
    assertThat(run.err()).contains("cannot read foo sequence 497");
  }

  @Test
  void repairAsksForConfirmationThenCutsTheTornTail() throws Exception {
    Path dir = Fixtures.copy("torn-tail", tmp);
    Map<String, String> before = Fixtures.snapshot(dir);
    CliRun dry = CliRun.of("repair", url(dir));
    assertThat(dry.exitCode()).as(dry.toString()).isEqualTo(ExitCodes.PROBLEMS);
    assertThat(dry.out()).contains("orders/msgs.1.dat offset 288368").contains("--yes");
    assertThat(Fixtures.snapshot(dir)).as("nothing changed without --yes").isEqualTo(before);

    CliRun repair = CliRun.of("repair", "--yes", url(dir));
    assertThat(repair.exitCode()).as(repair.toString()).isZero();
    assertThat(repair.out()).contains("BACKED_UP orders/msgs.1.dat")
        .contains("orders/msgs.1.dat").contains("messages lost").contains("repaired:");
    assertThat(Files.list(dir.resolve("orders")).map(p -> p.getFileName().toString()))
        .anyMatch(n -> n.startsWith("msgs.1.dat.bak"));
    CliRun verify = CliRun.of("verify", url(dir));
    assertThat(verify.exitCode()).as(verify.toString()).isZero();
  }

  @Test
  void copyMovesTheNatsStoreIntoH2AndVerifiesIt() {
    String source = url(Fixtures.copy("basic", tmp));
    String target = "streamstore:jdbc:h2:" + tmp.resolve("h2");
    CliRun run = CliRun.of("copy", source, target);
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("copied 3,000 message(s) (0 already there), 3 channel(s),"
        + " 2 client(s), 9 subscription(s) created").contains("verified:");
    SampleStore.read(target, copied -> {
      assertThat(copied.info().getClusterID()).isEqualTo("fixture-cluster");
      assertThat(copied.channels()).containsOnlyKeys("foo", "bar.baz", "orders");
      for (RecoveredChannel ch : copied.channels().values()) {
        assertThat(ch.channel().msgs().state().count()).isEqualTo(1000);
        assertThat(ch.channel().msgs().firstAndLastSequence().last()).isEqualTo(1000);
        List<RecoveredSubscription> subs = ch.subscriptions().stream()
            .sorted(Comparator.comparing(s -> s.sub().getInbox())).toList();
        assertThat(subs).hasSize(3);
        // the durable (inbox _INBOX.d.<channel>): 995..1000 pending, 997 acked, closed
        assertThat(subs.get(1).sub().getDurableName()).startsWith("dur-");
        assertThat(subs.get(1).sub().getIsClosed()).isTrue();
        assertThat(subs.get(1).pending().toArray()).containsExactly(995, 996, 998, 999, 1000);
      }
      assertThat(copied.channels().get("orders").channel().msgs().lookup(10).orElseThrow()
          .getReply()).isEqualTo("_INBOX.reply.10");
      return null;
    });
    CliRun again = CliRun.of("copy", source, target);
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.out()).contains("copied 0 message(s) (3,000 already there)")
        .contains("0 subscription(s) created, 9 matched");
  }

  @Test
  void copyStopsAtADamagedMessageUnlessToldToSkipIt() {
    String source = url(Fixtures.copy("crc-bad", tmp));
    String target = "streamstore:jdbc:h2:" + tmp.resolve("h2");
    CliRun stop = CliRun.of("copy", source, target);
    assertThat(stop.exitCode()).as(stop.toString()).isEqualTo(ExitCodes.PROBLEMS);
    assertThat(stop.err()).contains("cannot read foo sequence 497 of the source")
        .contains("offset 139970").contains("--skip-damaged").doesNotContain("\tat ");

    CliRun skip = CliRun.of("copy", "--skip-damaged", source, target);
    assertThat(skip.exitCode()).as(skip.toString()).isEqualTo(ExitCodes.PROBLEMS);
    assertThat(skip.out())
        .contains("(1,496 already there)")
        .contains("UNREADABLE foo sequence 497: ")
        .contains("MISMATCH channel foo: source has 1000 messages (1..1000), target has 999");
    SampleStore.read(target, s -> {
      var foo = s.channels().get("foo").channel().msgs();
      assertThat(foo.lookup(497)).isEmpty();
      assertThat(foo.lookup(498)).isPresent();
      return null;
    });
  }

  @Test
  void benchWithoutAUrlUsesFreshTemporaryFileStores() {
    CliRun run = CliRun.of("bench", "--scale", "0.001", "--workloads", "W1,W4,W5", "--json");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("\"target\":\"streamstore:file:<temp dir> (a fresh directory"
        + " per store)\"");
    // W4 recovered every W1 message from disk, W5 found each one it looked up
    assertThat(run.out()).contains("{\"id\":\"W4\",\"title\":\"reopen the W1 store (recovery)\","
        + "\"ops\":1000,");
    assertThat(run.out()).contains("\"heapAfterGcBytes\":").contains("\"misses\":0");
  }
}
