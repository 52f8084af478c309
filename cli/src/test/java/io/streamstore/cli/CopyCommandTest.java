package io.streamstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamstore.proto.SubState;
import io.streamstore.spi.RecoveredChannel;
import io.streamstore.spi.RecoveredSubscription;
import io.streamstore.spi.SequenceSet;
import io.streamstore.spi.Store;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** copy between H2 stores: everything arrives, and running it again continues without duplicates. */
class CopyCommandTest {

  @TempDir Path tmp;
  String source;
  String target;

  @BeforeEach
  void fill() {
    source = "streamstore:jdbc:h2:" + tmp.resolve("source");
    target = "streamstore:jdbc:h2:" + tmp.resolve("target");
    SampleStore.create(source, 40);
  }

  @Test
  void copiesEverythingAndVerifiesIt() {
    CliRun run = CliRun.of("copy", source, target);
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("copied 43 message(s) (0 already there), 2 channel(s),"
        + " 2 client(s), 2 subscription(s) created, 0 matched").contains("verified:");
    SampleStore.read(target, s -> {
      assertThat(s.info().getClusterID()).isEqualTo("test-cluster");
      assertThat(s.clients()).hasSize(2);
      RecoveredChannel orders = s.channels().get("orders");
      assertThat(orders.channel().msgs().state().count()).isEqualTo(40);
      assertThat(orders.channel().msgs().lookup(10).orElseThrow())
          .isEqualTo(SampleStore.order(10));
      List<RecoveredSubscription> subs = sorted(orders.subscriptions());
      assertThat(subs).hasSize(2);
      assertThat(subs.get(0).sub().getDurableName()).isEqualTo("dur");
      assertThat(subs.get(0).pending()).isEqualTo(SequenceSet.of(3, 4, 5));
      assertThat(subs.get(0).sub().getLastSent()).isEqualTo(5);
      assertThat(subs.get(1).pending().isEmpty()).isTrue();
      return null;
    });
  }

  @Test
  void runningAgainContinuesWithoutDuplicates() {
    assertThat(CliRun.of("copy", source, target).exitCode()).isZero();
    // the source moves on: more messages, one more ack, a new pending sequence
    SampleStore.appendOrders(source, 41, 60);
    changeDurable(source);
    CliRun again = CliRun.of("copy", source, target);
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.out()).contains("copied 20 message(s) (43 already there)")
        .contains("0 subscription(s) created, 2 matched").contains("verified:");
    SampleStore.read(target, s -> {
      RecoveredChannel orders = s.channels().get("orders");
      assertThat(orders.channel().msgs().state().count()).isEqualTo(60);
      assertThat(orders.channel().msgs().lastSequence()).isEqualTo(60);
      List<RecoveredSubscription> subs = sorted(orders.subscriptions());
      assertThat(subs).hasSize(2);
      assertThat(subs.get(0).pending()).isEqualTo(SequenceSet.of(4, 5, 41));
      assertThat(subs.get(0).sub().getLastSent()).isEqualTo(41);
      return null;
    });
    CliRun third = CliRun.of("copy", "--json", source, target);
    assertThat(third.exitCode()).isZero();
    assertThat(third.out()).contains("\"messagesCopied\":0,\"messagesAlreadyThere\":63")
        .contains("\"verified\":true");
  }

  @Test
  void aTargetThatDiffersIsReportedWithExitCode1() {
    assertThat(CliRun.of("copy", source, target).exitCode()).isZero();
    // the target gets ahead of the source: copy adds nothing and must say they differ
    SampleStore.appendOrders(target, 41, 45);
    CliRun run = CliRun.of("copy", source, target);
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.PROBLEMS);
    assertThat(run.out()).contains("MISMATCH channel orders: source has 40 messages (1..40),"
        + " target has 45 (1..45)");
  }

  @Test
  void plainProgressLinesWhenNotOnATerminal() {
    CliRun run = CliRun.of("copy", source, target);
    assertThat(run.err()).contains("copying 2 channel(s)").contains("progress: 100%")
        .contains("43/43 msgs");
  }

  private static void changeDurable(String url) {
    try (Store s = io.streamstore.Stores.open(url)) {
      s.setLimits(io.streamstore.spi.StoreLimits.UNLIMITED);
      RecoveredChannel orders = s.recover().orElseThrow().channels().get("orders");
      SubState dur = sorted(orders.subscriptions()).get(0).sub();
      orders.channel().subs().ackSeqPending(dur.getID(), 3);
      orders.channel().subs().addSeqPending(dur.getID(), 41);
      orders.channel().subs().flush();
    }
  }

  private static List<RecoveredSubscription> sorted(List<RecoveredSubscription> subs) {
    return subs.stream().sorted(Comparator.comparing(s -> s.sub().getClientID())).toList();
  }
}
