package io.streamstore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamstore.proto.SubState;
import io.streamstore.spi.Channel;
import io.streamstore.spi.NotFoundException;
import io.streamstore.spi.StoreLimits;
import io.streamstore.spi.SubStore;
import io.streamstore.spi.TooManySubscriptionsException;
import org.junit.jupiter.api.Test;

/**
 * Subscriptions and their pending sets (NSS TestCSBasicSubStore, TestCSMaxSubs; recovery halves in
 * {@link RecoveryConformance}).
 *
 * <p>Deliberate difference from NSS: an unknown subscription id is an error ({@link
 * NotFoundException}) for {@code updateSub}, {@code deleteSub}, {@code addSeqPending} and {@code
 * ackSeqPending}, as the SPI documents; NSS silently accepts them.
 */
public abstract class SubStoreConformance extends ConformanceSupport {

  private static StoreLimits maxSubs(int n) {
    return StoreLimits.builder().maxChannels(100).maxSubscriptions(n).build();
  }

  @Test
  void subscriptionIdsArePositiveIncreasingAndNeverReused() {
    SubStore ss = openFresh().createChannel("foo").subs();
    long first = ss.createSub(sub("me").toBuilder().setAckInbox("AckInbox").build());
    assertThat(first).isPositive();
    ss.deleteSub(first);
    long second = ss.createSub(sub("me"));
    assertThat(second).as("id after deleting the only sub").isGreaterThan(first);
    long third = ss.createSub(sub("me"));
    assertThat(third).isGreaterThan(second);
    ss.deleteSub(second);
    long fourth = ss.createSub(sub("me"));
    assertThat(fourth).as("id after deleting a middle sub").isGreaterThan(third);
  }

  @Test
  void theIdGivenToCreateSubIsIgnored() {
    SubStore ss = openFresh().createChannel("foo").subs();
    long a = ss.createSub(sub("me").toBuilder().setID(1000).build());
    long b = ss.createSub(sub("me").toBuilder().setID(a).build());
    assertThat(b).isNotEqualTo(a).isGreaterThan(a);
  }

  @Test
  void pendingAddAndAckAreIdempotent() {
    SubStore ss = openFresh().createChannel("foo").subs();
    long id = ss.createSub(sub("me"));
    ss.addSeqPending(id, 1);
    ss.addSeqPending(id, 1);
    ss.ackSeqPending(id, 1);
    ss.ackSeqPending(id, 1);
    ss.ackSeqPending(id, 99); // never pending: nothing happens
    ss.updateSub(sub("me").toBuilder().setID(id).setAckInbox("newAckInbox").build());
    ss.deleteSub(id);
  }

  @Test
  void updateKeepsThePendingSetAndDeleteRemovesTheSubscription() {
    SubStore ss = openFresh().createChannel("foo").subs();
    long id = ss.createSub(sub("me"));
    ss.addSeqPending(id, 1);
    ss.updateSub(sub("me").toBuilder().setID(id).setAckInbox("other").build());
    ss.ackSeqPending(id, 1);
    ss.deleteSub(id);
    assertThatThrownBy(() -> ss.updateSub(sub("me").toBuilder().setID(id).build()))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void maxSubscriptionsIsEnforcedAndDeletingFreesAPlace() {
    SubStore ss = openFresh(maxSubs(2)).createChannel("foo").subs();
    ss.createSub(sub("me"));
    long last = ss.createSub(sub("me"));
    assertThatThrownBy(() -> ss.createSub(sub("me")))
        .isInstanceOf(TooManySubscriptionsException.class);
    ss.deleteSub(last);
    assertThatThrownBy(() -> ss.deleteSub(last))
        .as("deleting it a second time")
        .isInstanceOf(NotFoundException.class);
    long again = ss.createSub(sub("me"));
    assertThat(again).isGreaterThan(last);
    assertThatThrownBy(() -> ss.createSub(sub("me")))
        .isInstanceOf(TooManySubscriptionsException.class);
    ss.addSeqPending(again, 1); // the accepted ones still work
  }

  @Test
  void zeroMaxSubscriptionsMeansUnlimited() {
    SubStore ss = openFresh(maxSubs(0)).createChannel("bar").subs();
    long previous = 0;
    for (int i = 0; i < 1100; i++) {
      long id = ss.createSub(sub("me"));
      assertThat(id).isGreaterThan(previous);
      previous = id;
    }
  }

  @Test
  void durableAndQueueSubscriptionsAreAccepted() {
    SubStore ss = openFresh().createChannel("foo").subs();
    long durable = ss.createSub(durableSub("me", "dur"));
    SubState queue = sub("me").toBuilder().setQGroup("workers").build();
    long q = ss.createSub(queue);
    ss.updateSub(durableSub("me", "dur").toBuilder().setID(durable).setIsClosed(true).build());
    ss.addSeqPending(q, 7);
    assertThat(q).isNotEqualTo(durable);
  }
}
