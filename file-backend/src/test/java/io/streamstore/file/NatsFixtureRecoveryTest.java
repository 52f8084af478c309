package io.streamstore.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamstore.tck.fixtures.ExpectedState;
import io.streamstore.file.fixtures.Fixtures;
import io.streamstore.spi.CorruptedDataException;
import io.streamstore.spi.RecoveredState;
import io.streamstore.spi.StoreLimits;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Store directories written by the real NATS Streaming server recover to exactly the state the Go
 * store itself recovered (each fixture's {@code expected.json}): server info, clients, every channel's
 * first/last/count/bytes, every message byte for byte, every subscription with its pending set.
 */
class NatsFixtureRecoveryTest {

  @TempDir Path tmp;

  private RecoveredState recoverAndCheck(String fixture, String expectation, FileStoreOptions options) {
    Path store = Fixtures.copy(fixture, tmp.resolve(fixture));
    try (FileStore s = FileStore.open(store, options, StoreLimits.UNLIMITED)) {
      RecoveredState state = s.recover().orElseThrow();
      Fixtures.expected(fixture, expectation).assertMatches(state);
      return state;
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"basic", "sliced", "no-index", "crc-bad"})
  void fixtureRecoversToTheStateNatsRecovered(String fixture) {
    recoverAndCheck(fixture, "expected.json", FileStoreOptions.DEFAULTS);
  }

  @Test
  void recoveredFixtureRecoversTheSameAgainAfterReopening() {
    Path store = Fixtures.copy("no-index", tmp.resolve("again"));
    for (int round = 0; round < 2; round++) {
      try (FileStore s = FileStore.open(store, FileStoreOptions.DEFAULTS, StoreLimits.UNLIMITED)) {
        Fixtures.expected("no-index", "expected.json").assertMatches(s.recover().orElseThrow());
      }
    }
  }

  @Test
  void slicedFixtureRecoveredWithItsChannelLimitKeepsTheNewest500() {
    Path store = Fixtures.copy("sliced", tmp.resolve("sliced500"));
    StoreLimits limits = StoreLimits.UNLIMITED.toBuilder()
        .addPerChannel("sliced", io.streamstore.spi.ChannelLimits.builder().maxMsgs(500).build())
        .build();
    try (FileStore s = FileStore.open(store, FileStoreOptions.DEFAULTS, limits)) {
      var ms = s.recover().orElseThrow().channels().get("sliced").channel().msgs();
      assertThat(ms.state().count()).isEqualTo(500);
      assertThat(ms.firstAndLastSequence()).isEqualTo(new io.streamstore.spi.SequenceRange(551, 1050));
      assertThat(ms.lookup(550)).isEmpty();
      assertThat(ms.lookup(551)).isPresent();
    }
  }

  @Test
  void tornTailFailsRecoveryNamingTheOrdersMessageFile() {
    Path store = Fixtures.copy("torn-tail", tmp.resolve("torn"));
    ExpectedState expected = Fixtures.expected("torn-tail", "expected.json");
    assertThat(expected.outcome()).isEqualTo("error");
    try (FileStore s = FileStore.open(store, FileStoreOptions.DEFAULTS, StoreLimits.UNLIMITED)) {
      assertThatThrownBy(s::recover)
          .isInstanceOfSatisfying(CorruptedDataException.class,
              e -> assertThat(e.file().orElseThrow().replace('\\', '/')).matches(".*orders/msgs\\.1\\.(dat|idx)"));
    }
  }

  @Test
  void tornTailRecoversWithTruncateUnexpectedEof() {
    recoverAndCheck("torn-tail", "expected-truncate.json",
        FileStoreOptions.builder().truncateUnexpectedEOF(true).build());
  }

  @Test
  void crcDamageIsReportedOnLookupOnlyAndEverythingElseReadsBack() {
    // expected.json marks foo 497 as a lookup error; assertMatches checks it throws
    // CorruptedDataException and that all other 2,999 messages read back intact.
    recoverAndCheck("crc-bad", "expected.json", FileStoreOptions.DEFAULTS);
  }
}
