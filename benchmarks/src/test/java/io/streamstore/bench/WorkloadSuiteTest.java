package io.streamstore.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamstore.Stores;
import io.streamstore.proto.MsgProto;
import io.streamstore.spi.Channel;
import io.streamstore.spi.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The workloads do what they report, on the memory backend (the file backend in the CLI tests). */
class WorkloadSuiteTest {

  private static final WorkloadSizes TINY = WorkloadSizes.at(0.001);

  @Test
  void appendsStoreEveryMessageWithTheRightSizeAndSequence() {
    try (Store store = Stores.open("streamstore:memory:")) {
      Channel ch = store.createChannel("a");
      WorkloadResult r = Appends.run("W1", "t", ch.msgs(), "a", 500, 128);
      assertThat(r.ops()).isEqualTo(500);
      assertThat(r.bytes()).isEqualTo(500 * 128);
      assertThat(r.latency().samples()).isEqualTo(500);
      assertThat(ch.msgs().state().count()).isEqualTo(500);
      assertThat(ch.msgs().firstAndLastSequence().last()).isEqualTo(500);
      MsgProto m = ch.msgs().lookup(250).orElseThrow();
      assertThat(m.getData().size()).isEqualTo(128);
      assertThat(m.getSubject()).isEqualTo("a");
    }
  }

  @Test
  void groupCommitStoresEveryTimedMessageInSequence() {
    try (Store store = Stores.open("streamstore:memory:")) {
      Channel ch = store.createChannel("g");
      WorkloadResult r =
          GroupCommit.run("W3g", "t", ch.msgs(), "g", java.time.Duration.ofMillis(50), 4);
      assertThat(r.ops()).isPositive();
      // no message was ignored as out of order: every append is in the log
      assertThat(ch.msgs().state().count()).isEqualTo(r.ops());
      assertThat(ch.msgs().lastSequence()).isEqualTo(r.ops());
    }
  }

  @Test
  void fanOutStoresEveryTimedMessageInItsOwnChannelInSequence() {
    try (Store store = Stores.open("streamstore:memory:")) {
      List<Channel> channels = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        channels.add(store.createChannel("f" + i));
      }
      WorkloadResult r = ChannelFanOut.run("W3x8", "t", channels, java.time.Duration.ofMillis(50));
      long total = 0;
      for (Channel ch : channels) {
        long count = ch.msgs().state().count();
        assertThat(count).isPositive();
        assertThat(ch.msgs().lastSequence()).isEqualTo(count);
        assertThat(ch.msgs().lookup(count).orElseThrow().getSubject()).isEqualTo(ch.name());
        total += count;
      }
      assertThat(r.ops()).isEqualTo(total);
      assertThat(r.extras()).containsEntry("channels", 4L);
    }
  }

  @Test
  void lookupsFindEveryMessageOfAFullChannel() {
    try (Store store = Stores.open("streamstore:memory:")) {
      Channel ch = store.createChannel("l");
      Appends.run("W1", "t", ch.msgs(), "l", 100, 16);
      WorkloadResult r = Lookups.run("W5", "t", ch.msgs(), 1000);
      assertThat(r.ops()).isEqualTo(1000);
      assertThat(r.extras()).containsEntry("misses", 0L);
      assertThat(r.bytes()).isEqualTo(1000 * 16);
    }
  }

  @Test
  void theWholeSuiteRunsInOrderOnAMemoryTarget() {
    List<String> seen = new ArrayList<>();
    List<WorkloadResult> results;
    try (WorkloadTarget target = UrlWorkloadTarget.of("streamstore:memory:")) {
      assertThat(target.persistent()).isFalse();
      results = new WorkloadSuite(target, TINY).run(Workload.parseList("all"), r -> seen.add(r.id()));
    }
    assertThat(seen).containsExactly("W1", "W2", "W3", "W3b", "W3g", "W3x8", "W4", "W5", "W6");
    Map<String, WorkloadResult> byId =
        results.stream().collect(Collectors.toMap(WorkloadResult::id, r -> r));
    assertThat(byId.get("W1").ops()).isEqualTo(TINY.w1Messages());
    assertThat(byId.get("W2").ops()).isEqualTo(TINY.w2Messages());
    assertThat(byId.get("W3b").ops() % WorkloadSizes.BATCH).isZero();
    assertThat(byId.get("W4").note()).contains("not persistent");
    assertThat(byId.get("W5").extras()).containsEntry("misses", 0L);
    assertThat(byId.get("W6").ops()).isEqualTo(2L * TINY.pending());
  }

  @Test
  void lookupsWithoutW1StillHaveTheW1StoreToReadFrom() {
    try (WorkloadTarget target = UrlWorkloadTarget.of("streamstore:memory:")) {
      List<WorkloadResult> results =
          new WorkloadSuite(target, TINY).run(Workload.parseList("W5"), r -> {});
      assertThat(results).singleElement().satisfies(r -> {
        assertThat(r.id()).isEqualTo("W5");
        assertThat(r.extras()).containsEntry("misses", 0L);
      });
    }
  }
}
