package io.streamstore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamstore.proto.MsgProto;
import io.streamstore.spi.AlreadyExistsException;
import io.streamstore.spi.Channel;
import io.streamstore.spi.ChannelLimits;
import io.streamstore.spi.InvalidOptionException;
import io.streamstore.spi.NotFoundException;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreLimits;
import io.streamstore.spi.TooManyChannelsException;
import io.streamstore.spi.TooManySubscriptionsException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Channel creation and deletion, the channel count limit and which limits a channel gets (NSS
 * TestCSNewChannel, TestCSMaxChannels, TestCSDeleteChannel, TestCSPerChannelLimits,
 * TestCSNegativeLimit, TestCSLimitWithWildcardsInConfig, TestCSGetChannelLimits).
 */
public abstract class ChannelConformance extends ConformanceSupport {

  @Test
  void newChannelHasMessageAndSubscriptionStores() {
    Channel foo = openFresh().createChannel("foo");
    assertThat(foo.name()).isEqualTo("foo");
    assertThat(foo.msgs()).isNotNull();
    assertThat(foo.subs()).isNotNull();
  }

  @Test
  void creatingAnExistingChannelFailsWithAlreadyExistsAndKeepsIt() {
    Store s = openFresh();
    Channel foo = s.createChannel("foo");
    MsgProto m = store(foo, 1, "kept");
    long subId = foo.subs().createSub(sub("me"));
    assertThatThrownBy(() -> s.createChannel("foo"))
        .isInstanceOf(AlreadyExistsException.class)
        .hasMessageContaining("foo");
    assertThat(foo.msgs().lookup(1)).contains(m);
    foo.subs().addSeqPending(subId, 1);
  }

  @Test
  void maxChannelsIsEnforced() {
    Store s = openFresh(StoreLimits.builder().maxChannels(2).build());
    s.createChannel("foo.foo.0");
    Channel second = s.createChannel("foo.foo.1");
    store(second, 1, "kept");
    assertThatThrownBy(() -> s.createChannel("foo.foo.2"))
        .isInstanceOf(TooManyChannelsException.class);
    assertThat(s.channelLimits("foo.foo.2")).as("refused channel does not exist").isEmpty();
    assertThat(second.msgs().lookup(1)).as("existing channel intact").isPresent();
  }

  @Test
  void zeroMaxChannelsMeansUnlimited() {
    Store s = openFresh(StoreLimits.builder().maxChannels(0).build());
    for (int i = 0; i < 150; i++) {
      s.createChannel("bar.foo." + i);
    }
    assertThat(s.channelLimits("bar.foo.149")).isPresent();
  }

  @Test
  void deletingAnUnknownChannelFailsWithNotFound() {
    Store s = openFresh();
    assertThatThrownBy(() -> s.deleteChannel("notfound"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("notfound");
  }

  @Test
  void deletedChannelIsGoneAndItsNameCanBeReused() {
    Store s = openFresh();
    Channel foo = s.createChannel("foo");
    storeRange(foo.msgs(), "foo", 1, 5);
    foo.subs().createSub(sub("me"));
    Channel bar = s.createChannel("bar");
    store(bar, 1, "kept");
    s.deleteChannel("foo");
    assertThat(s.channelLimits("foo")).isEmpty();
    assertThatThrownBy(() -> s.deleteChannel("foo")).isInstanceOf(NotFoundException.class);
    Channel again = s.createChannel("foo");
    assertThat(again.msgs().state().count()).as("recreated channel is empty").isZero();
    assertThat(again.msgs().lookup(1)).isEmpty();
    assertThat(bar.msgs().lookup(1)).as("other channel intact").isPresent();
  }

  @Test
  void deletingAChannelFreesItsPlaceUnderMaxChannels() {
    Store s = openFresh(StoreLimits.builder().maxChannels(1).build());
    s.createChannel("foo");
    assertThatThrownBy(() -> s.createChannel("bar")).isInstanceOf(TooManyChannelsException.class);
    s.deleteChannel("foo");
    assertThat(s.createChannel("bar")).isNotNull();
  }

  @Test
  void perChannelLimitsOverrideAndInheritTheGlobalOnes() {
    StoreLimits limits =
        StoreLimits.builder()
            .maxChannels(10)
            .maxSubscriptions(10)
            .maxMsgs(100)
            .maxBytes(100 * 1024)
            .addPerChannel("foo", ChannelLimits.builder().maxMsgs(3).maxBytes(3 * 1024)
                .maxSubscriptions(1).build())
            .addPerChannel("bar", ChannelLimits.builder().maxMsgs(5).maxBytes(5 * 1024)
                .maxSubscriptions(2).build())
            .addPerChannel("baz", ChannelLimits.builder().maxMsgs(6).maxBytes(6 * 1024).build())
            .addPerChannel("abc", ChannelLimits.builder().maxBytes(20 * 1024).build())
            .addPerChannel("def", ChannelLimits.builder().maxMsgs(10).build())
            .build();
    Store s = openFresh(limits);
    checkChannelLimits(s, "foo", 3, 1);
    checkChannelLimits(s, "bar", 5, 2);
    checkChannelLimits(s, "baz", 6, 10);
    checkChannelLimits(s, "abc", 100, 10);
    checkChannelLimits(s, "def", 10, 10);
    checkChannelLimits(s, "global", 100, 10);
  }

  private static void checkChannelLimits(Store s, String name, int maxMsgs, int maxSubs) {
    Channel c = s.createChannel(name);
    storeRange(c.msgs(), name, 1, maxMsgs + 10);
    assertThat(c.msgs().state().count()).as("messages kept in " + name).isEqualTo(maxMsgs);
    for (int i = 0; i < maxSubs; i++) {
      c.subs().createSub(sub("me"));
    }
    assertThatThrownBy(() -> c.subs().createSub(sub("me")))
        .as("subscription %d of %s", maxSubs + 1, name)
        .isInstanceOf(TooManySubscriptionsException.class);
  }

  @Test
  void negativeGlobalLimitsAreRefusedBeforeReachingTheStore() {
    Store s = openFresh(maxMsgs(2));
    assertThatThrownBy(() -> StoreLimits.builder().maxAge(Duration.ofMinutes(-90)).build())
        .isInstanceOf(InvalidOptionException.class);
    assertThatThrownBy(() -> StoreLimits.builder().maxBytes(-1000).build())
        .isInstanceOf(InvalidOptionException.class);
    assertThatThrownBy(() -> StoreLimits.builder().maxChannels(-1000).build())
        .isInstanceOf(InvalidOptionException.class);
    assertThatThrownBy(() -> StoreLimits.builder().maxMsgs(-1000).build())
        .isInstanceOf(InvalidOptionException.class);
    assertThatThrownBy(() -> StoreLimits.builder().maxSubscriptions(-1000).build())
        .isInstanceOf(InvalidOptionException.class);
    Channel foo = s.createChannel("foo");
    storeRange(foo.msgs(), "foo", 1, 5);
    assertThat(foo.msgs().state().count()).as("earlier limits still apply").isEqualTo(2);
  }

  @Test
  void wildcardEntriesApplyToMatchingChannels() {
    StoreLimits limits =
        StoreLimits.DEFAULT.toBuilder()
            .addPerChannel(">", ChannelLimits.builder().maxMsgs(3).build())
            .addPerChannel("foo.>", ChannelLimits.builder().maxMsgs(2).build())
            .build();
    Store s = openFresh(limits);
    Channel fooBar = s.createChannel("foo.bar");
    storeRange(fooBar.msgs(), "foo.bar", 1, 3);
    assertThat(fooBar.msgs().lookup(1)).as("foo.bar keeps 2 (foo.>)").isEmpty();
    assertThat(fooBar.msgs().lookup(2)).isPresent();
    Channel bar = s.createChannel("bar");
    storeRange(bar.msgs(), "bar", 1, 3);
    assertThat(bar.msgs().lookup(1)).as("bar keeps 3 (>)").isPresent();
    bar.msgs().store(msg("bar", 4, "msg4"));
    assertThat(bar.msgs().lookup(1)).isEmpty();
    assertThat(bar.msgs().state().count()).isEqualTo(3);
  }

  @Test
  void channelLimitsAreEmptyForAnUnknownChannelAndResolvedForAKnownOne() {
    StoreLimits limits =
        StoreLimits.builder()
            .maxChannels(10)
            .maxMsgs(20)
            .maxBytes(30)
            .maxAge(Duration.ofSeconds(40))
            .maxSubscriptions(50)
            .maxInactivity(Duration.ofSeconds(60))
            .addPerChannel("foo.*", ChannelLimits.builder().maxMsgs(70)
                .maxInactivity(Duration.ofNanos(-1)).build())
            .build();
    Store s = openFresh(limits);
    assertThat(s.channelLimits("unknown")).isEmpty();
    s.createChannel("foo.bar");
    ChannelLimits fooStar = limits.perChannel().get("foo.*");
    assertThat(fooStar.maxMsgs()).isEqualTo(70);
    assertThat(fooStar.maxInactivity()).isEqualTo(Duration.ZERO);
    assertThat(s.channelLimits("foo.bar")).contains(fooStar);
    s.createChannel("foo");
    assertThat(s.channelLimits("foo")).contains(limits.channelLimits());
  }

  @Test
  void existingChannelsKeepTheirLimitsWhenNewLimitsAreSet() {
    Store s = openFresh(maxMsgs(3));
    Channel foo = s.createChannel("foo");
    ChannelLimits before = s.channelLimits("foo").orElseThrow();
    s.setLimits(maxMsgs(10));
    storeRange(foo.msgs(), "foo", 1, 8);
    assertThat(foo.msgs().state().count()).as("old channel still keeps 3").isEqualTo(3);
    assertThat(s.channelLimits("foo")).as("limits reported for the old channel").contains(before);
    Channel bar = s.createChannel("bar");
    storeRange(bar.msgs(), "bar", 1, 8);
    assertThat(bar.msgs().state().count()).as("new channel keeps 10").isEqualTo(8);
    assertThat(s.channelLimits("bar").orElseThrow().maxMsgs()).isEqualTo(10);
  }
}
