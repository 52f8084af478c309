package io.streamstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.streamstore.Stores;
import io.streamstore.proto.MsgProto;
import io.streamstore.proto.ServerInfo;
import io.streamstore.spi.Channel;
import io.streamstore.spi.InvalidOptionException;
import io.streamstore.spi.NotSupportedException;
import io.streamstore.spi.ReadOnlyStoreException;
import io.streamstore.spi.RecoveredState;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreLimits;
import io.streamstore.tck.fixtures.ExpectedState;
import io.streamstore.tck.fixtures.NssSqlDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Databases written by NATS Streaming's SQL store, loaded into a fresh database, open with {@code
 * layout=nss} to exactly the state the Go store recovers (their {@code expected.json}), on
 * PostgreSQL and MariaDB; every write is refused and leaves the database as it was.
 */
class NssSqlFixtureTest {

  private static Store open(NssSqlDatabase db) {
    Store s = Stores.open(db.storeUrl(""));
    s.setLimits(StoreLimits.UNLIMITED);
    return s;
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "mysql"})
  void recoversToTheStateNatsStreamingRecovers(String fixture) throws Exception {
    try (NssSqlDatabase db = NssSqlDatabase.load(fixture)) {
      ExpectedState expected = db.expected();
      for (int round = 0; round < 2; round++) { // reading changes nothing
        try (Store s = open(db)) {
          expected.assertMatches(s.recover().orElseThrow());
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "mysql"})
  void everyWriteIsRefusedAndChangesNothing(String fixture) throws Exception {
    try (NssSqlDatabase db = NssSqlDatabase.load(fixture)) {
      try (Store s = open(db)) {
        RecoveredState state = s.recover().orElseThrow();
        Channel foo = state.channels().get("foo").channel();
        MsgProto big = MsgProto.newBuilder().setSequence(1001).setSubject("foo")
            .setData(ByteString.copyFrom(new byte[70_000])).build();
        assertThatThrownBy(() -> foo.msgs().store(big))
            .isInstanceOf(ReadOnlyStoreException.class)
            .hasMessageContaining("message 1001 in channel 'foo'").hasMessageContaining("layout=nss");
        assertThatThrownBy(() -> foo.subs().ackSeqPending(1, 11)).isInstanceOf(ReadOnlyStoreException.class);
        assertThatThrownBy(() -> foo.msgs().empty()).isInstanceOf(ReadOnlyStoreException.class);
        assertThatThrownBy(() -> s.createChannel("new")).isInstanceOf(ReadOnlyStoreException.class);
        assertThatThrownBy(() -> s.deleteChannel("foo")).isInstanceOf(ReadOnlyStoreException.class);
        assertThatThrownBy(() -> s.deleteClient("client-a")).isInstanceOf(ReadOnlyStoreException.class);
        assertThatThrownBy(() -> s.init(ServerInfo.getDefaultInstance()))
            .isInstanceOf(ReadOnlyStoreException.class);
        assertThatThrownBy(s::tryExclusiveLock).isInstanceOf(NotSupportedException.class);
        assertThat(foo.msgs().sequenceForTimestamp(1_700_000_000_500_000_000L)).isEqualTo(500);
        assertThat(foo.msgs().sequenceForTimestamp(0)).isEqualTo(1);
        assertThat(foo.msgs().sequenceForTimestamp(Long.MAX_VALUE)).isEqualTo(1001);
      }
      try (Store s = open(db)) {
        db.expected().assertMatches(s.recover().orElseThrow());
      }
    }
  }

  @Test
  void pendingWithoutCachingAndAcksInLaterRowsAreApplied() throws Exception {
    try (NssSqlDatabase db = NssSqlDatabase.load("postgres")) {
      // a second flush row acking 11 and 12; a no-caching row adding 21
      db.execute("INSERT INTO subspending (subid, \"row\", seq, lastsent, pending, acks) VALUES"
          + " (1, 100, 0, 21, '\\x5b5d', convert_to('[11, 12]', 'UTF8')),"
          + " (1, 101, 21, 0, NULL, NULL)");
      try (Store s = open(db)) {
        var sub = s.recover().orElseThrow().channels().get("foo").subscriptions().stream()
            .filter(r -> r.sub().getID() == 1).findFirst().orElseThrow();
        assertThat(sub.pending().toArray()).containsExactly(13, 14, 15, 16, 17, 18, 19, 20, 21);
        assertThat(sub.sub().getLastSent()).isEqualTo(21);
      }
    }
  }

  @Test
  void layoutIsCheckedAndH2Refused() {
    assertThatThrownBy(() -> Stores.open("streamstore:jdbc:h2:mem:nss?layout=nss"))
        .isInstanceOf(InvalidOptionException.class).hasMessageContaining("not H2");
    assertThatThrownBy(() -> Stores.open("streamstore:jdbc:h2:mem:nss?layout=natss"))
        .isInstanceOf(InvalidOptionException.class).hasMessageContaining("expected streamstore");
  }
}
