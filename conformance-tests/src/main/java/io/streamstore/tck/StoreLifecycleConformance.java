package io.streamstore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamstore.proto.MsgProto;
import io.streamstore.spi.Channel;
import io.streamstore.spi.NotSupportedException;
import io.streamstore.spi.RecoveredState;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreInUseException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Opening, initializing, flushing and closing a store, and its exclusive lock (NSS TestCSBasicCreate,
 * TestCSInit, TestCSNothingRecoveredOnFreshStart, TestCSBasicRecovery for non-persistent stores,
 * TestCSCloseIdempotent, TestCSFlush, TestGSNoOps), and the rule that a store which does not hold
 * the lock while another store holds it writes nothing.
 */
public abstract class StoreLifecycleConformance extends ConformanceSupport {

  @Test
  void storeNamesItsBackendType() {
    Store s = openFresh();
    assertThat(s.type()).as("type()").isNotBlank();
    assertThat(s.type()).as("type() is stable").isEqualTo(s.type());
  }

  @Test
  void freshLocationRecoversNothing() {
    // openFresh() asserts that recover() returns empty on a new location
    Store s = openFresh();
    assertThat(s.createChannel("foo").msgs().state().count()).isZero();
  }

  @Test
  void initMayBeCalledAgainWithNewServerInfo() {
    Store s = openFresh();
    s.init(SERVER_INFO.toBuilder().setClusterID("other").build());
    s.init(SERVER_INFO);
    assertThat(s.createChannel("foo")).isNotNull();
  }

  @Test
  void nonPersistentStoreRecoversNothingAfterReopen() {
    Assumptions.assumeFalse(
        has(Capability.PERSISTENT), "backend is persistent; RecoveryConformance covers it");
    Store s = openFresh();
    Channel foo = s.createChannel("foo");
    store(foo, 1, "hello");
    s.addClient(client("me"));
    Store again = reopen(null);
    assertThat(again.recover()).as("recovered after reopening a non-persistent store").isEmpty();
  }

  @Test
  void closeIsIdempotentForStoreMsgStoreAndSubStore() {
    Store s = openFresh();
    Channel foo = s.createChannel("foo");
    foo.msgs().close();
    foo.msgs().close();
    foo.subs().close();
    foo.subs().close();
    s.close();
    s.close();
  }

  @Test
  void flushSucceedsAndKeepsWhatWasStored() {
    Store s = openFresh();
    Channel foo = s.createChannel("foo");
    MsgProto m = store(foo, 1, "hello");
    foo.msgs().flush();
    long subId = foo.subs().createSub(sub("me"));
    foo.subs().addSeqPending(subId, 1);
    foo.subs().flush();
    assertThat(foo.msgs().lookup(1)).contains(m);
    foo.msgs().flush();
    foo.subs().flush();
    assertThat(foo.msgs().lastSequence()).isEqualTo(1);
  }

  @Test
  void flushOfAnEmptyChannelSucceeds() {
    Channel foo = openFresh().createChannel("foo");
    foo.msgs().flush();
    foo.subs().flush();
    assertThat(foo.msgs().state().count()).isZero();
  }

  @Test
  void exclusiveLockIsRefusedWithNotSupportedWhenTheBackendHasNone() {
    Assumptions.assumeFalse(
        has(Capability.EXCLUSIVE_LOCK), "backend declares EXCLUSIVE_LOCK; the lock tests apply");
    Store s = openFresh();
    assertThatThrownBy(s::tryExclusiveLock).isInstanceOf(NotSupportedException.class);
    assertThat(s.createChannel("foo")).as("store usable after the refusal").isNotNull();
  }

  @Test
  void exclusiveLockIsHeldByOneStoreOfALocation() {
    assume(Capability.EXCLUSIVE_LOCK);
    Store first = openFresh();
    assertThat(first.tryExclusiveLock()).as("first store takes the lock").isTrue();
    assertThat(first.tryExclusiveLock()).as("taking it again while held").isTrue();
    Store second = openSecondOnSameLocation();
    assertThat(second.tryExclusiveLock()).as("second store while the first holds it").isFalse();
    first.close();
    assertThat(second.tryExclusiveLock()).as("second store after the first closed").isTrue();
  }

  @Test
  void aStoreThatDoesNotHoldTheLockWritesNothingWhileAnotherHoldsIt() {
    assume(Capability.EXCLUSIVE_LOCK);
    Store first = openFresh();
    assertThat(first.tryExclusiveLock()).as("first store takes the lock").isTrue();
    Channel held = first.createChannel("held");
    held.msgs().store(msg("held", 1, "one"));
    held.msgs().flush();
    Store second = openSecondOnSameLocation();
    assertThat(second.tryExclusiveLock()).as("second store while the first holds it").isFalse();
    assertThatThrownBy(second::recover).as("recover() of the standby")
        .isInstanceOf(StoreInUseException.class);
    assertThatThrownBy(() -> second.init(SERVER_INFO)).as("init() of the standby")
        .isInstanceOf(StoreInUseException.class);
    assertThatThrownBy(() -> second.createChannel("intruder")).as("createChannel() of the standby")
        .isInstanceOf(StoreInUseException.class);
    assertThatThrownBy(() -> second.addClient(client("intruder"))).as("addClient() of the standby")
        .isInstanceOf(StoreInUseException.class);
    held.msgs().store(msg("held", 2, "two"));
    held.msgs().flush();
    first.close();

    assertThat(second.tryExclusiveLock()).as("standby takes the lock once it is free").isTrue();
    RecoveredState state = second.recover().orElseThrow();
    assertThat(state.channels()).as("the standby recovers what the holder wrote")
        .containsOnlyKeys("held");
    assertThat(state.clients()).as("no client of the standby slipped in").isEmpty();
    Channel recovered = state.channels().get("held").channel();
    assertThat(recovered.msgs().lastSequence()).isEqualTo(2);
    assertThat(recovered.msgs().lookup(2).orElseThrow().getData().toStringUtf8()).isEqualTo("two");
    recovered.msgs().store(msg("held", 3, "three"));
    recovered.msgs().flush();
    assertThat(recovered.msgs().lastSequence()).as("the new holder writes").isEqualTo(3);
  }
}
