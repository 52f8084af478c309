package io.streamstore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.streamstore.Stores;
import io.streamstore.jetstream.NatsServers;
import io.streamstore.proto.MsgProto;
import io.streamstore.spi.RecoveredState;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreLimits;
import io.streamstore.tck.fixtures.NssSqlDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentest4j.TestAbortedException;

/**
 * Issue 13's migration matrix: each NATS Streaming store kind beyond the plain file store (the
 * {@code encrypted-aes} and {@code encrypted-chacha} directories, the {@code postgres} and {@code
 * mysql} SQL dumps) goes through the real {@code copy} command into every backend that keeps data
 * after the process (file, encrypted file, H2, PostgreSQL, MariaDB, JetStream), which must then hold
 * exactly the fixture's {@code expected.json} through the public API (target-assigned subscription ids
 * and the target's own byte accounting aside, see {@link CopiedState}); a second {@code copy} copies
 * nothing. Each SQL dump is loaded once for the class (a copy source is opened read-only), one
 * nats-server serves every JetStream case, and each database target gets its own table prefix,
 * dropped afterwards. A missing server skips its cases with the reason.
 */
class CopyEveryFixtureTest {

  /** The file backend accounts payload + 8 + 32 per message (file-backend README); others none. */
  private static final int FILE_OVERHEAD = 40;
  /** Encryption adds a code byte, a 12-byte nonce and a 16-byte tag to each payload. */
  private static final int ENCRYPTION_OVERHEAD = 29;
  private static final Pattern COPIED =
      Pattern.compile("copied ([\\d,]+) message\\(s\\) \\(([\\d,]+) already there\\)");

  private static NatsServers nats;
  private static String natsMissing;
  private static final Map<String, NssSqlDatabase> SQL_SOURCES = new HashMap<>();
  private static final List<String> SUMMARY = new ArrayList<>();
  private static long started;

  @TempDir Path tmp;
  private final List<Runnable> cleanups = new ArrayList<>();

  /** The backends a copy goes into. */
  enum Target {
    MEMORY, FILE, FILE_ENCRYPTED, H2, POSTGRES, MARIADB, JETSTREAM;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (String fixture : List.of("encrypted-aes", "encrypted-chacha", "postgres", "mysql")) {
      for (Target t : Target.values()) {
        out.add(Arguments.of(fixture, t));
      }
    }
    return out.stream();
  }

  @BeforeAll
  static void startNats() throws Exception {
    started = System.nanoTime();
    try {
      nats = NatsServers.single();
    } catch (TestAbortedException e) {
      natsMissing = e.getMessage().replaceFirst("^Assumption failed: ", "");
    }
  }

  @AfterAll
  static void stopAll() throws Exception {
    for (NssSqlDatabase db : SQL_SOURCES.values()) {
      db.close();
    }
    SQL_SOURCES.clear();
    if (nats != null) {
      nats.close();
    }
    System.out.printf("COPY_MATRIX cases=%d seconds=%.1f%n", SUMMARY.size(),
        (System.nanoTime() - started) / 1e9);
  }

  @AfterEach
  void cleanUp() {
    cleanups.forEach(Runnable::run);
  }

  @ParameterizedTest(name = "{0} into {1}")
  @MethodSource("cases")
  void copyHoldsTheFixtureAndASecondCopyCopiesNothing(String fixture, Target target)
      throws Exception {
    assumeTrue(target != Target.MEMORY, "memory: the store is gone when the copy command ends,"
        + " so there is nothing to open and compare afterwards");
    String source = source(fixture);
    String into = target(target);
    CopiedState expected = CopiedState.read(expectedJson(fixture));
    long messages = expected.messages().values().stream().mapToLong(List::size).sum();

    CliRun run = CliRun.of("copy", source, into);
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("verified:");
    assertThat(copied(run)).as(run.toString()).containsExactly(messages, 0L);

    AssertionError mismatch = null;
    try (Store s = Stores.open(into)) {
      s.setLimits(StoreLimits.UNLIMITED);
      RecoveredState state = s.recover().orElseThrow();
      Map<String, List<MsgProto>> byChannel = expected.messages();
      expected.assertMatches(state, ch -> bytes(byChannel.get(ch), target));
      if (target == Target.FILE_ENCRYPTED) {
        assertStoredEncrypted(into.substring(0, into.indexOf('?')) + "?readOnly=true", byChannel);
      }
    } catch (AssertionError e) {
      mismatch = e;
    }

    CliRun again = CliRun.of("copy", source, into);
    long[] rerun = copied(again);
    SUMMARY.add(String.format("COPY fixture=%s target=%s messages=%d matched=%s rerunCopied=%d",
        fixture, target.label(), messages, mismatch == null, rerun.length == 2 ? rerun[0] : -1));
    System.out.println(SUMMARY.get(SUMMARY.size() - 1));
    if (mismatch != null) {
      throw mismatch;
    }
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(rerun).as(again.toString()).containsExactly(0L, messages);
  }

  /** The channel's bytes as {@code target} accounts them: the stored (maybe encrypted) messages. */
  private static long bytes(List<MsgProto> messages, Target target) {
    boolean encrypted = target == Target.FILE_ENCRYPTED;
    long sum = 0;
    for (MsgProto m : messages) {
      MsgProto stored = !encrypted ? m : m.toBuilder()
          .setData(com.google.protobuf.ByteString.copyFrom(
              new byte[m.getData().size() + ENCRYPTION_OVERHEAD])).build();
      sum += stored.getSerializedSize()
          + (target == Target.FILE || encrypted ? FILE_OVERHEAD : 0);
    }
    return sum;
  }

  /** Opened without the key (read-only: the target is still open), every stored payload is ciphertext of ChaCha20-Poly1305 (code 2). */
  private static void assertStoredEncrypted(String rawUrl, Map<String, List<MsgProto>> expected) {
    try (Store s = Stores.open(rawUrl)) {
      s.setLimits(StoreLimits.UNLIMITED);
      RecoveredState state = s.recover().orElseThrow();
      expected.forEach((ch, msgs) -> {
        for (MsgProto m : msgs) {
          MsgProto raw = state.channels().get(ch).channel().msgs().lookup(m.getSequence())
              .orElseThrow();
          assertThat(raw.getData().byteAt(0)).as("%s %d cipher", ch, m.getSequence())
              .isEqualTo((byte) 2);
          assertThat(raw.getData().size()).isEqualTo(m.getData().size() + ENCRYPTION_OVERHEAD);
          assertThat(raw.getData().substring(1 + 12, 1 + 12 + m.getData().size()))
              .as("%s %d is not stored in clear", ch, m.getSequence()).isNotEqualTo(m.getData());
        }
      });
    }
  }

  /** {copied, already there} of a copy's report line, or nothing when it printed none. */
  private static long[] copied(CliRun run) {
    Matcher m = COPIED.matcher(run.out());
    if (!m.find()) {
      return new long[0];
    }
    return new long[] {Long.parseLong(m.group(1).replace(",", "")),
        Long.parseLong(m.group(2).replace(",", ""))};
  }

  private String source(String fixture) throws Exception {
    if (fixture.startsWith("encrypted-")) {
      Path key = Files.writeString(tmp.resolve("fixture.key"), "streamstore-fixture-key\n");
      return "streamstore:file:" + Fixtures.copy(fixture, tmp.resolve("src"))
          + "?encrypt=true&encryptionKeyFile=" + key;
    }
    NssSqlDatabase db = SQL_SOURCES.get(fixture);
    if (db == null) {
      db = NssSqlDatabase.load(fixture);
      SQL_SOURCES.put(fixture, db);
    }
    return db.storeUrl("");
  }

  private static Path expectedJson(String fixture) {
    return (fixture.startsWith("encrypted-") ? Fixtures.ROOT : NssSqlDatabase.ROOT)
        .resolve(fixture).resolve("expected.json");
  }

  private String target(Target target) throws Exception {
    switch (target) {
      case FILE:
        return "streamstore:file:" + tmp.resolve("into");
      case FILE_ENCRYPTED: {
        Path key = Files.writeString(tmp.resolve("target.key"), "another key, for the copy");
        return "streamstore:file:" + tmp.resolve("into")
            + "?encrypt=true&cipher=CHACHA&encryptionKeyFile=" + key;
      }
      case H2:
        return "streamstore:jdbc:h2:" + tmp.resolve("into");
      case POSTGRES:
      case MARIADB: {
        String jdbc = TestServers.jdbcUrl(target.name().toLowerCase(java.util.Locale.ROOT));
        String prefix = TestServers.prefix("cpall");
        cleanups.add(() -> {
          try {
            TestServers.drop(jdbc, prefix);
          } catch (Exception e) {
            throw new IllegalStateException("could not drop the tables of " + prefix, e);
          }
        });
        return TestServers.storeUrl(jdbc, "tablePrefix=" + prefix);
      }
      case JETSTREAM:
        assumeTrue(nats != null, natsMissing);
        return "streamstore:jetstream://" + nats.hostPorts() + "?prefix=cpall_"
            + Long.toString(System.nanoTime(), 36);
      default:
        throw new IllegalArgumentException(target.name());
    }
  }
}
