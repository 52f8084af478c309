package io.streamstore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamstore.proto.MsgProto;
import io.streamstore.spi.Channel;
import io.streamstore.spi.InvalidArgumentException;
import io.streamstore.spi.InvalidNameException;
import io.streamstore.spi.NotFoundException;
import io.streamstore.spi.RecoveredState;
import io.streamstore.spi.SequenceRange;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreClosedException;
import io.streamstore.spi.StoreLimits;
import io.streamstore.spi.SubStore;
import io.streamstore.spi.TooManyChannelsException;
import io.streamstore.spi.TooManySubscriptionsException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input gets a specific {@link io.streamstore.spi.StoreException} subtype that names the culprit,
 * and leaves what was stored intact: invalid names, unknown ids, out-of-range lookups, use after
 * close and exceeded limits.
 */
public abstract class BadInputConformance extends ConformanceSupport {

  private Channel keepChannel;
  private MsgProto kept;
  private long keptSub;

  /** A store with channel "keep" holding message 1, a subscription with it pending, and a client. */
  private Store withData() {
    Store s = openFresh();
    keepChannel = s.createChannel("keep");
    kept = store(keepChannel, 1, "kept");
    keptSub = keepChannel.subs().createSub(sub("me"));
    keepChannel.subs().addSeqPending(keptSub, 1);
    s.addClient(client("me"));
    return s;
  }

  /** Checks that the data {@link #withData()} stored is all there and the store still works. */
  private void assertIntact(Store s) {
    assertThat(s.channelLimits("keep")).isPresent();
    assertIntact(keepChannel, kept, keptSub);
    assertThat(s.createChannel("keep.check")).isNotNull();
    s.deleteClient("me"); // fails if the client was lost
  }

  private static void assertIntact(Channel keep, MsgProto m, long subId) {
    assertThat(keep.msgs().lookup(1)).contains(m);
    assertThat(keep.msgs().state().count()).isEqualTo(1);
    keep.subs().ackSeqPending(subId, 1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "foo..bar", ".foo", "foo.", "foo bar", "foo.*", "foo.>", ">", "a/b", "a\\b",
          "c:d", "tab\tname", "nul\u0000", "CON", "nul.foo", "e\u0301",
          // invisible and bidirectional format characters: two names must never look identical
          "\u200Bfoo", "fo\u200Do", "\uFEFFfoo", "\u202Eoof", "a\u2066b\u2069", "a\u00ADb",
          "a\u2060b", "a\u061Cb", "a\u200Fb", "a\u3164b", "a\uFE0Fb", "a\uDB40\uDC01"})
  void invalidChannelNamesAreRefused(String name) {
    Store s = withData();
    assertThatThrownBy(() -> s.createChannel(name)).isInstanceOf(InvalidNameException.class);
    assertThatThrownBy(() -> s.deleteChannel(name)).isInstanceOf(InvalidNameException.class);
    assertThat(s.channelLimits(name)).isEmpty();
    assertIntact(s);
  }

  @Test
  void nullAndOverlongChannelNamesAreRefused() {
    Store s = withData();
    assertThatThrownBy(() -> s.createChannel(null)).isInstanceOf(InvalidNameException.class);
    String tooLong = "a".repeat(256);
    assertThatThrownBy(() -> s.createChannel(tooLong))
        .isInstanceOf(InvalidNameException.class)
        .hasMessageContaining("256");
    assertThat(s.createChannel("a".repeat(255))).isNotNull();
    assertIntact(s);
  }

  @Test
  void invalidClientIdsAreRefused() {
    Store s = withData();
    for (String id : Arrays.asList("", "nul\u0000", "line\nfeed", "x".repeat(256))) {
      assertThatThrownBy(() -> s.addClient(client(id)))
          .as("addClient(%s)", id)
          .isInstanceOf(InvalidNameException.class);
      assertThatThrownBy(() -> s.deleteClient(id))
          .as("deleteClient(%s)", id)
          .isInstanceOf(InvalidNameException.class);
    }
    assertThatThrownBy(() -> s.deleteClient(null)).isInstanceOf(InvalidNameException.class);
    assertIntact(s);
  }

  @Test
  void unknownSubscriptionIdsFailWithNotFound() {
    Store s = withData();
    Channel keep = s.createChannel("other");
    SubStore ss = keep.subs();
    long id = ss.createSub(sub("me"));
    long unknown = id + 1000;
    assertThatThrownBy(() -> ss.updateSub(sub("me").toBuilder().setID(unknown).build()))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining(Long.toString(unknown));
    assertThatThrownBy(() -> ss.deleteSub(unknown)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> ss.addSeqPending(unknown, 1)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> ss.ackSeqPending(unknown, 1)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> ss.deleteSub(0)).isInstanceOf(NotFoundException.class);
    ss.deleteSub(id);
    assertThatThrownBy(() -> ss.addSeqPending(id, 2))
        .as("pending for a deleted subscription")
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> ss.ackSeqPending(id, 1)).isInstanceOf(NotFoundException.class);
    assertIntact(s);
  }

  @Test
  void subscriptionIdOfAnotherChannelIsUnknownThere() {
    Store s = openFresh();
    Channel foo = s.createChannel("foo");
    Channel bar = s.createChannel("bar");
    long[] fooIds = {
      foo.subs().createSub(sub("me")), foo.subs().createSub(sub("me")),
      foo.subs().createSub(sub("me"))
    };
    long barId = bar.subs().createSub(sub("me"));
    long onlyInFoo = fooIds[0] != barId ? fooIds[0] : fooIds[1];
    assertThatThrownBy(() -> bar.subs().deleteSub(onlyInFoo)).isInstanceOf(NotFoundException.class);
    foo.subs().deleteSub(onlyInFoo); // still in foo
    bar.subs().deleteSub(barId);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"server.dat", "clients.dat", "server.dat.tmp", "clients.dat.tmp", "clients.dat.bak",
          "server.dat.bak.1", "clients.dat.torn-1", "clients.dat123", "subs.dat", "subs.dat.tmp",
          "msgs.1.dat", "msgs.1.idx", "msgs.emptied", "rootdir.lck", "truncate.lck", "SERVER.DAT"})
  void namesLikeTheStoresOwnFilesAreRefusedOrWorkAndSurviveReopen(String name) {
    Store s = withData();
    Channel c;
    try {
      c = s.createChannel(name);
    } catch (InvalidNameException refused) {
      assertThat(refused).hasMessageContaining(name);
      assertThat(s.channelLimits(name)).isEmpty();
      assertIntact(s);
      if (has(Capability.PERSISTENT)) {
        RecoveredState state = recoverAfterReopen(null);
        assertThat(state.channels()).containsOnlyKeys("keep", "keep.check");
      }
      return;
    }
    MsgProto m = store(c, 1, "named like a store file");
    c.msgs().flush();
    assertIntact(s);
    if (has(Capability.PERSISTENT)) {
      RecoveredState state = recoverAfterReopen(null);
      assertThat(state.channels()).containsOnlyKeys("keep", "keep.check", name);
      assertThat(state.channels().get(name).channel().msgs().lookup(1)).contains(m);
      RecoveredState again = recoverAfterReopen(null);
      assertThat(again.channels()).containsKey(name);
    }
  }

  @Test
  void sequencesOf2To63AndAboveAreRefusedAndLeaveTheLogIntact() {
    Store s = withData();
    for (long seq : List.of(Long.MIN_VALUE, Long.MIN_VALUE + 1, -2L, -1L)) {
      assertThatThrownBy(() -> keepChannel.msgs().store(msg("keep", seq, "too big")))
          .as("store(%s)", Long.toUnsignedString(seq))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining(Long.toUnsignedString(seq));
    }
    assertThat(keepChannel.msgs().firstAndLastSequence()).isEqualTo(new SequenceRange(1, 1));
    assertIntact(s);
    assertThat(store(keepChannel, 2, "two")).isNotNull();
    assertThat(keepChannel.msgs().lastSequence()).isEqualTo(2);
  }

  @Test
  void addSeqPendingChecksTheSequenceBeforeTheSubscriptionId() {
    Store s = withData();
    SubStore ss = keepChannel.subs();
    long unknown = keptSub + 1000;
    for (long seq : List.of(0L, -1L, Long.MIN_VALUE)) {
      assertThatThrownBy(() -> ss.addSeqPending(unknown, seq))
          .as("addSeqPending(unknown id, %d)", seq)
          .isInstanceOf(InvalidArgumentException.class);
      assertThatThrownBy(() -> ss.addSeqPending(keptSub, seq))
          .as("addSeqPending(known id, %d)", seq)
          .isInstanceOf(InvalidArgumentException.class);
    }
    assertThatThrownBy(() -> ss.addSeqPending(unknown, 1)).isInstanceOf(NotFoundException.class);
    assertIntact(s);
  }

  @Test
  void outOfRangeLookupsAreEmptyNotErrors() {
    Channel foo = openFresh().createChannel("foo");
    assertThat(foo.msgs().lookup(Long.MAX_VALUE)).isEmpty();
    MsgProto m = store(foo, 1, "one");
    for (long seq : List.of(-5L, 0L, 2L, Long.MAX_VALUE, Long.MIN_VALUE)) {
      assertThat(foo.msgs().lookup(seq)).as("lookup(%d)", seq).isEmpty();
    }
    assertThat(foo.msgs().lookup(1)).contains(m);
  }

  @Test
  void exceedingMaxChannelsLeavesTheStoreIntact() {
    Store s = openFresh(StoreLimits.builder().maxChannels(1).build());
    Channel keep = s.createChannel("keep");
    MsgProto m = store(keep, 1, "kept");
    long id = keep.subs().createSub(sub("me"));
    keep.subs().addSeqPending(id, 1);
    assertThatThrownBy(() -> s.createChannel("more"))
        .isInstanceOf(TooManyChannelsException.class)
        .hasMessageContaining("more");
    assertIntact(keep, m, id);
  }

  @Test
  void exceedingMaxSubscriptionsLeavesTheChannelIntact() {
    Store s = openFresh(StoreLimits.builder().maxChannels(10).maxSubscriptions(1).build());
    Channel keep = s.createChannel("keep");
    MsgProto m = store(keep, 1, "kept");
    long id = keep.subs().createSub(sub("me"));
    keep.subs().addSeqPending(id, 1);
    assertThatThrownBy(() -> keep.subs().createSub(sub("me")))
        .isInstanceOf(TooManySubscriptionsException.class);
    assertIntact(keep, m, id);
  }

  @Test
  void aClosedStoreRefusesEveryCall() {
    Store s = withData();
    s.close();
    assertThatThrownBy(() -> s.createChannel("foo")).isInstanceOf(StoreClosedException.class);
    assertThatThrownBy(() -> s.deleteChannel("keep")).isInstanceOf(StoreClosedException.class);
    assertThatThrownBy(() -> s.addClient(client("x"))).isInstanceOf(StoreClosedException.class);
    assertThatThrownBy(() -> s.deleteClient("me")).isInstanceOf(StoreClosedException.class);
    assertThatThrownBy(() -> s.init(SERVER_INFO)).isInstanceOf(StoreClosedException.class);
    assertThatThrownBy(() -> s.setLimits(StoreLimits.DEFAULT))
        .isInstanceOf(StoreClosedException.class);
    assertThatThrownBy(() -> s.channelLimits("keep")).isInstanceOf(StoreClosedException.class);
    assertThatThrownBy(s::recover).isInstanceOf(StoreClosedException.class);
  }

  @Test
  void channelStoresOfAClosedStoreRefuseEveryCall() {
    Store s = openFresh();
    Channel foo = s.createChannel("foo");
    store(foo, 1, "one");
    long id = foo.subs().createSub(sub("me"));
    s.close();
    assertMsgStoreClosed(foo);
    assertSubStoreClosed(foo, id);
  }

  @Test
  void aClosedMsgStoreOrSubStoreRefusesCallsAndTheOtherStillWorks() {
    Store s = openFresh();
    Channel foo = s.createChannel("foo");
    store(foo, 1, "one");
    long id = foo.subs().createSub(sub("me"));
    foo.msgs().close();
    assertMsgStoreClosed(foo);
    foo.subs().addSeqPending(id, 1);
    foo.subs().close();
    assertSubStoreClosed(foo, id);
    Channel bar = s.createChannel("bar");
    assertThat(store(bar, 1, "other channel works")).isNotNull();
  }

  private static void assertMsgStoreClosed(Channel c) {
    var ms = c.msgs();
    assertThatThrownBy(() -> ms.store(msg(c.name(), 2, "two")))
        .isInstanceOf(StoreClosedException.class);
    assertThatThrownBy(() -> ms.lookup(1)).isInstanceOf(StoreClosedException.class);
    assertThatThrownBy(ms::state).isInstanceOf(StoreClosedException.class);
    assertThatThrownBy(ms::firstSequence).isInstanceOf(StoreClosedException.class);
    assertThatThrownBy(ms::lastSequence).isInstanceOf(StoreClosedException.class);
    assertThatThrownBy(ms::firstAndLastSequence).isInstanceOf(StoreClosedException.class);
    assertThatThrownBy(() -> ms.sequenceForTimestamp(0)).isInstanceOf(StoreClosedException.class);
    assertThatThrownBy(ms::firstMsg).isInstanceOf(StoreClosedException.class);
    assertThatThrownBy(ms::lastMsg).isInstanceOf(StoreClosedException.class);
    assertThatThrownBy(ms::flush).isInstanceOf(StoreClosedException.class);
    assertThatThrownBy(ms::empty).isInstanceOf(StoreClosedException.class);
  }

  private static void assertSubStoreClosed(Channel c, long id) {
    SubStore ss = c.subs();
    assertThatThrownBy(() -> ss.createSub(sub("me"))).isInstanceOf(StoreClosedException.class);
    assertThatThrownBy(() -> ss.updateSub(sub("me").toBuilder().setID(id).build()))
        .isInstanceOf(StoreClosedException.class);
    assertThatThrownBy(() -> ss.addSeqPending(id, 1)).isInstanceOf(StoreClosedException.class);
    assertThatThrownBy(() -> ss.ackSeqPending(id, 1)).isInstanceOf(StoreClosedException.class);
    assertThatThrownBy(() -> ss.deleteSub(id)).isInstanceOf(StoreClosedException.class);
    assertThatThrownBy(ss::flush).isInstanceOf(StoreClosedException.class);
  }
}
