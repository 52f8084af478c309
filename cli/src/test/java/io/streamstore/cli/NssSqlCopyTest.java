package io.streamstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamstore.Stores;
import io.streamstore.proto.MsgProto;
import io.streamstore.spi.MsgStore;
import io.streamstore.spi.RecoveredChannel;
import io.streamstore.spi.RecoveredState;
import io.streamstore.spi.RecoveredSubscription;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreLimits;
import io.streamstore.tck.fixtures.NssSqlDatabase;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code copy} out of a database written by NATS Streaming's SQL store ({@code layout=nss}) into the
 * file backend and into H2: everything arrives (every message byte for byte, every subscription with
 * its pending set and last sent), a second run copies nothing more, and copying into the NATS
 * layout, which is read-only, is refused.
 */
class NssSqlCopyTest {

  @TempDir Path tmp;

  @ParameterizedTest(name = "{0} into {1}")
  @CsvSource({"postgres, file", "mysql, h2"})
  void copiesEverythingResumably(String fixture, String into) throws Exception {
    try (NssSqlDatabase db = NssSqlDatabase.load(fixture)) {
      String source = db.storeUrl("");
      String target = into.equals("file")
          ? "streamstore:file:" + tmp.resolve("store")
          : "streamstore:jdbc:h2:" + tmp.resolve("h2");
      CliRun run = CliRun.of("copy", source, target);
      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(run.out()).contains("copied 3,000 message(s) (0 already there), 3 channel(s),"
          + " 2 client(s), 9 subscription(s) created").contains("verified:");
      assertSame(source, target);
      CliRun again = CliRun.of("copy", source, target);
      assertThat(again.exitCode()).as(again.toString()).isZero();
      assertThat(again.out()).contains("copied 0 message(s) (3,000 already there)")
          .contains("0 subscription(s) created, 9 matched").contains("verified:");
    }
  }

  @Test
  void copyIntoTheNatsLayoutIsRefusedAsReadOnly() throws Exception {
    try (NssSqlDatabase db = NssSqlDatabase.load("postgres")) {
      String source = "streamstore:jdbc:h2:" + tmp.resolve("src");
      SampleStore.create(source, 3);
      CliRun run = CliRun.of("copy", source, db.storeUrl(""));
      assertThat(run.exitCode()).as(run.toString()).isNotZero();
      assertThat(run.err()).contains("read-only");
      // the database is unchanged
      try (Store s = Stores.open(db.storeUrl(""))) {
        s.setLimits(StoreLimits.UNLIMITED);
        db.expected().assertMatches(s.recover().orElseThrow());
      }
    }
  }

  /** Every message and subscription of {@code source} is in {@code target}. */
  private static void assertSame(String source, String target) {
    try (Store a = Stores.open(source); Store b = Stores.open(target)) {
      a.setLimits(StoreLimits.UNLIMITED);
      b.setLimits(StoreLimits.UNLIMITED);
      RecoveredState from = a.recover().orElseThrow();
      RecoveredState to = b.recover().orElseThrow();
      assertThat(to.info()).isEqualTo(from.info());
      assertThat(to.channels().keySet()).isEqualTo(from.channels().keySet());
      for (RecoveredChannel src : from.channels().values()) {
        RecoveredChannel dst = to.channels().get(src.channel().name());
        MsgStore sm = src.channel().msgs();
        MsgStore dm = dst.channel().msgs();
        assertThat(dm.state().count()).isEqualTo(sm.state().count());
        for (long seq = sm.firstSequence(); seq <= sm.lastSequence(); seq++) {
          MsgProto m = sm.lookup(seq).orElseThrow();
          assertThat(dm.lookup(seq)).contains(m);
        }
        List<RecoveredSubscription> want = sorted(src.subscriptions());
        List<RecoveredSubscription> got = sorted(dst.subscriptions());
        assertThat(got).hasSize(want.size());
        for (int i = 0; i < want.size(); i++) {
          assertThat(got.get(i).pending()).isEqualTo(want.get(i).pending());
          assertThat(got.get(i).sub().toBuilder().clearID().build())
              .isEqualTo(want.get(i).sub().toBuilder().clearID().build());
        }
      }
    }
  }

  private static List<RecoveredSubscription> sorted(List<RecoveredSubscription> subs) {
    return subs.stream().sorted(Comparator.comparing(s -> s.sub().getInbox())).toList();
  }
}
