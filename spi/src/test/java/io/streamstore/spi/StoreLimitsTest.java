package io.streamstore.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StoreLimitsTest {

  @Test
  void defaultsAreThoseOfNatsStreaming() {
    StoreLimits d = StoreLimits.DEFAULT;
    assertThat(d.maxChannels()).isEqualTo(100);
    assertThat(d.channelLimits().maxMsgs()).isEqualTo(1_000_000);
    assertThat(d.channelLimits().maxBytes()).isEqualTo(1_000_000L * 1024);
    assertThat(d.channelLimits().maxSubscriptions()).isEqualTo(1_000);
    assertThat(d.channelLimits().maxAge()).isZero();
    assertThat(d.channelLimits().maxInactivity()).isZero();
  }

  @Test
  void negativeGlobalLimitsAreRefusedNamingTheLimit() {
    assertThatThrownBy(() -> StoreLimits.builder().maxChannels(-1).build())
        .isInstanceOf(InvalidOptionException.class).hasMessageContaining("max channels");
    assertThatThrownBy(() -> StoreLimits.builder().maxMsgs(-1).build())
        .hasMessageContaining("max messages");
    assertThatThrownBy(() -> StoreLimits.builder().maxBytes(-1).build())
        .hasMessageContaining("max bytes");
    assertThatThrownBy(() -> StoreLimits.builder().maxSubscriptions(-1).build())
        .hasMessageContaining("max subscriptions");
    assertThatThrownBy(() -> StoreLimits.builder().maxAge(Duration.ofSeconds(-1)).build())
        .hasMessageContaining("max age");
    assertThatThrownBy(() -> StoreLimits.builder().maxInactivity(Duration.ofSeconds(-1)).build())
        .hasMessageContaining("max inactivity");
  }

  @Test
  void invalidPerChannelNameIsReported() {
    assertThatThrownBy(
            () -> StoreLimits.builder().addPerChannel("foo..bar", ChannelLimits.UNLIMITED).build())
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("foo..bar");
  }

  @Test
  void moreLiteralEntriesThanMaxChannelsIsRefusedButWildcardsDoNotCount() {
    StoreLimits.Builder b = StoreLimits.builder().maxChannels(2);
    b.addPerChannel("a", ChannelLimits.UNLIMITED).addPerChannel("b", ChannelLimits.UNLIMITED);
    b.addPerChannel("c.*", ChannelLimits.UNLIMITED).addPerChannel("d.>", ChannelLimits.UNLIMITED);
    assertThat(b.build().perChannel()).hasSize(4);
    b.addPerChannel("e", ChannelLimits.UNLIMITED);
    assertThatThrownBy(b::build)
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("too many channels");
  }

  @Test
  void zeroInheritsAndNegativeMeansUnlimited() {
    StoreLimits limits =
        StoreLimits.builder()
            .maxMsgs(100)
            .maxBytes(1000)
            .maxSubscriptions(5)
            .addPerChannel("foo", ChannelLimits.builder().maxMsgs(-1).maxBytes(0).maxSubscriptions(7).build())
            .build();
    ChannelLimits foo = limits.forChannel("foo");
    assertThat(foo.maxMsgs()).isZero();
    assertThat(foo.maxBytes()).isEqualTo(1000);
    assertThat(foo.maxSubscriptions()).isEqualTo(7);
    assertThat(limits.forChannel("other")).isEqualTo(limits.channelLimits());
  }

  @Test
  void wildcardEntriesInheritAlongTheSubjectHierarchy() {
    StoreLimits limits =
        StoreLimits.builder()
            .maxMsgs(10)
            .maxBytes(100)
            .maxSubscriptions(1)
            .addPerChannel("foo.>", ChannelLimits.builder().maxMsgs(20).build())
            .addPerChannel("foo.*", ChannelLimits.builder().maxBytes(200).build())
            .addPerChannel("foo.bar", ChannelLimits.builder().maxSubscriptions(3).build())
            .build();
    // literal: inherits from foo.* which inherits from foo.> which inherits from the globals
    ChannelLimits literal = limits.forChannel("foo.bar");
    assertThat(literal.maxMsgs()).isEqualTo(20);
    assertThat(literal.maxBytes()).isEqualTo(200);
    assertThat(literal.maxSubscriptions()).isEqualTo(3);
    // unlisted channels get the most specific matching wildcard
    assertThat(limits.forChannel("foo.baz").maxBytes()).isEqualTo(200);
    assertThat(limits.forChannel("foo.baz").maxMsgs()).isEqualTo(20);
    assertThat(limits.forChannel("foo.baz.qux").maxBytes()).isEqualTo(100);
    assertThat(limits.forChannel("foo.baz.qux").maxMsgs()).isEqualTo(20);
    assertThat(limits.forChannel("bar").maxMsgs()).isEqualTo(10);
  }

  @Test
  void rebuildingFromToBuilderGivesTheSameLimits() {
    StoreLimits limits =
        StoreLimits.builder()
            .maxMsgs(10)
            .addPerChannel("foo", ChannelLimits.builder().maxMsgs(-1).build())
            .build();
    StoreLimits again = limits.toBuilder().build();
    assertThat(again).isEqualTo(limits);
    assertThat(again.forChannel("foo").maxMsgs()).isZero();
  }

  @Test
  void describeListsGlobalsAndEntries() {
    StoreLimits limits =
        StoreLimits.builder().maxChannels(100).maxBytes(64L << 20)
            .addPerChannel("foo", ChannelLimits.builder().maxMsgs(5).build()).build();
    assertThat(String.join("\n", limits.describe()))
        .contains("Channels:        100 *")
        .contains("64.00 MB")
        .contains("foo")
        .contains("|-> Messages      5");
  }
}
