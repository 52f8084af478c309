package io.streamstore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamstore.proto.SubState;
import io.streamstore.spi.Channel;
import io.streamstore.spi.RecoveredChannel;
import io.streamstore.spi.RecoveredState;
import io.streamstore.spi.RecoveredSubscription;
import io.streamstore.spi.SequenceSet;
import io.streamstore.spi.StoreLimits;
import io.streamstore.spi.TooManySubscriptionsException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Subscriptions after {@code close()} and reopening: ids, states, {@code lastSent} and pending sets
 * (NSS TestCSRecoverSubUpdateForDeleteSubOK, TestCSNoSubIDCollisionAfterRecovery,
 * TestCSSubLastSentCorrectOnRecovery, TestCSUpdatedSub). Skipped for backends without {@link
 * Capability#PERSISTENT}.
 */
public abstract class SubRecoveryConformance extends ConformanceSupport {

  @BeforeEach
  final void onlyForPersistentBackends() {
    assume(Capability.PERSISTENT);
  }

  private static RecoveredChannel channel(RecoveredState state, String name) {
    RecoveredChannel rc = state.channels().get(name);
    assertThat(rc).as("recovered channel " + name).isNotNull();
    return rc;
  }

  @Test
  void deletedSubscriptionsStayDeletedAndDoNotCountTowardTheLimit() {
    Channel foo = openFresh().createChannel("foo");
    long sub1 = foo.subs().createSub(sub("me"));
    long sub2 = foo.subs().createSub(sub("me"));
    for (long seq = 1; seq <= 3; seq++) {
      foo.subs().addSeqPending(sub1, seq);
    }
    foo.subs().deleteSub(sub1);
    StoreLimits oneSub = StoreLimits.builder().maxChannels(10).maxSubscriptions(1).build();
    RecoveredChannel rc = channel(recoverAfterReopen(oneSub), "foo");
    assertThat(rc.subscriptions()).extracting(r -> r.sub().getID()).containsExactly(sub2);
    assertThatThrownBy(() -> rc.channel().subs().createSub(sub("me")))
        .isInstanceOf(TooManySubscriptionsException.class);
  }

  @Test
  void subscriptionIdsAreNotReusedAfterRecovery() {
    Channel foo = openFresh().createChannel("foo");
    long sub1 = foo.subs().createSub(sub("me"));
    Channel rfoo = channel(recoverAfterReopen(null), "foo").channel();
    long sub2 = rfoo.subs().createSub(sub("me"));
    assertThat(sub2).isGreaterThan(sub1);
    rfoo.subs().deleteSub(sub1);
    long sub3 = rfoo.subs().createSub(sub("me"));
    assertThat(sub3).isGreaterThan(sub2);
    rfoo.subs().deleteSub(sub3);
    RecoveredChannel again = channel(recoverAfterReopen(null), "foo");
    assertThat(again.subscriptions()).extracting(r -> r.sub().getID()).containsExactly(sub2);
    long sub4 = again.channel().subs().createSub(sub("me"));
    assertThat(sub4).as("id after the highest one deleted before restart").isGreaterThan(sub3);
  }

  @Test
  void anUpdateReplacesLastSentAndLaterPendingMovesItUpAgain() {
    Channel foo = openFresh().createChannel("foo");
    long id = foo.subs().createSub(sub("me"));
    for (long seq = 1; seq <= 10; seq++) {
      foo.subs().addSeqPending(id, seq);
    }
    // the server closes a durable: the whole state is replaced, lastSent included
    foo.subs().updateSub(sub("me").toBuilder().setID(id).setLastSent(3).setIsClosed(true).build());
    foo.subs().flush();
    RecoveredSubscription closed = channel(recoverAfterReopen(null), "foo").subscriptions().get(0);
    assertThat(closed.sub().getLastSent()).isEqualTo(3);
    assertThat(closed.sub().getIsClosed()).isTrue();
    assertThat(closed.pending().size()).as("the update keeps the pending set").isEqualTo(10);

    Channel again = channel(recoverAfterReopen(null), "foo").channel();
    again.subs().addSeqPending(id, 11);
    again.subs().flush();
    RecoveredSubscription moved = channel(recoverAfterReopen(null), "foo").subscriptions().get(0);
    assertThat(moved.sub().getLastSent()).isEqualTo(11);
  }

  @Test
  void lastSentIsTheHighestSequenceEverSentAfterRecovery() {
    Channel foo = openFresh().createChannel("foo");
    long id = foo.subs().createSub(sub("me"));
    store(foo, 1, "hello");
    store(foo, 2, "hello");
    foo.subs().addSeqPending(id, 1);
    foo.subs().addSeqPending(id, 2);
    foo.subs().addSeqPending(id, 1);
    RecoveredChannel rc = channel(recoverAfterReopen(null), "foo");
    RecoveredSubscription rs = rc.subscriptions().get(0);
    assertThat(rs.sub().getLastSent()).isEqualTo(2);
    assertThat(rs.pending()).isEqualTo(SequenceSet.of(1, 2));
    rc.channel().subs().ackSeqPending(id, 1);
    rc.channel().subs().ackSeqPending(id, 2);
    RecoveredSubscription after = channel(recoverAfterReopen(null), "foo").subscriptions().get(0);
    assertThat(after.sub().getLastSent()).as("acks do not lower lastSent").isEqualTo(2);
    assertThat(after.pending()).isEqualTo(SequenceSet.empty());
  }

  @Test
  void anUpdatedSubscriptionIsRecoveredWithItsLatestStateAndPending() {
    Channel foo = openFresh().createChannel("foo");
    long id = foo.subs().createSub(sub("me"));
    storeRange(foo.msgs(), "foo", 1, 3);
    foo.subs().addSeqPending(id, 1);
    foo.subs().addSeqPending(id, 2);
    SubState updated = SubState.newBuilder().setID(id).setClientID("me").setInbox("inbox")
        .setAckInbox("newAckInbox").setAckWaitInSecs(10).build();
    foo.subs().updateSub(updated);
    foo.subs().addSeqPending(id, 3);
    long durable = foo.subs().createSub(durableSub("you", "dur"));
    SubState closedDurable =
        durableSub("you", "dur").toBuilder().setID(durable).setIsClosed(true).build();
    foo.subs().updateSub(closedDurable);

    RecoveredChannel rc = channel(recoverAfterReopen(null), "foo");
    assertThat(rc.subscriptions()).extracting(r -> r.sub().getID()).containsExactly(id, durable);
    RecoveredSubscription first = rc.subscriptions().get(0);
    assertThat(first.sub()).isEqualTo(updated.toBuilder().setLastSent(3).build());
    assertThat(first.pending()).isEqualTo(SequenceSet.of(1, 2, 3));
    assertThat(rc.subscriptions().get(1).sub()).isEqualTo(closedDurable);
    assertThat(rc.subscriptions().get(1).pending()).isEqualTo(SequenceSet.empty());
  }

  @Test
  void largePendingSetsAreRecoveredExactly() {
    Channel foo = openFresh().createChannel("foo");
    long id = foo.subs().createSub(sub("me"));
    List<Long> expected = new ArrayList<>();
    for (long seq = 1; seq <= 5000; seq++) {
      foo.subs().addSeqPending(id, seq);
      if (seq % 3 == 0) {
        foo.subs().ackSeqPending(id, seq);
      } else {
        expected.add(seq);
      }
    }
    foo.subs().flush();
    RecoveredSubscription rs = channel(recoverAfterReopen(null), "foo").subscriptions().get(0);
    assertThat(rs.pending().stream().boxed().collect(Collectors.toList())).isEqualTo(expected);
    assertThat(rs.sub().getLastSent()).isEqualTo(5000);
  }
}
