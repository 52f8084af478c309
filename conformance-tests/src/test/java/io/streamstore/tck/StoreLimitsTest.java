package io.streamstore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamstore.spi.ChannelLimits;
import io.streamstore.spi.InvalidOptionException;
import io.streamstore.spi.StoreLimits;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SPI's {@link StoreLimits} value (NSS limits_test.go). These need no backend, so they run once
 * here rather than in every backend's suite.
 */
class StoreLimitsTest {

  private static ChannelLimits cl(long msgs, long bytes, long ageNanos, int subs, long inactNanos) {
    return ChannelLimits.builder()
        .maxMsgs(msgs)
        .maxBytes(bytes)
        .maxAge(Duration.ofNanos(ageNanos))
        .maxSubscriptions(subs)
        .maxInactivity(Duration.ofNanos(inactNanos))
        .build();
  }

  @Test
  void addPerChannelKeepsTheEntryAsGiven() { // TestLimitsAddPerChannel
    ChannelLimits foo = cl(10, 100, 1000, 10, 2000);
    StoreLimits limits = StoreLimits.DEFAULT.toBuilder().addPerChannel("foo", foo).build();
    assertThat(limits.perChannel()).hasSize(1);
    assertThat(limits.perChannel().get("foo")).isEqualTo(foo);
    assertThat(limits.forChannel("foo")).isEqualTo(foo);
  }

  @Test
  void negativeGlobalLimitsAreRefusedNamingTheLimit() { // TestLimitsBuildErrors, first half
    assertBuildError(StoreLimits.builder().maxChannels(-1), "max channels");
    assertBuildError(StoreLimits.builder().maxSubscriptions(-1), "max subscriptions");
    assertBuildError(StoreLimits.builder().maxMsgs(-1), "max messages");
    assertBuildError(StoreLimits.builder().maxBytes(-1), "max bytes");
    assertBuildError(StoreLimits.builder().maxAge(Duration.ofNanos(-1)), "max age");
    assertBuildError(StoreLimits.builder().maxInactivity(Duration.ofNanos(-1)), "max inactivity");
  }

  @Test
  void moreLiteralEntriesThanMaxChannelsAreRefused() { // TestLimitsBuildErrors
    ChannelLimits c = ChannelLimits.builder().maxMsgs(10).maxAge(Duration.ofHours(2)).build();
    StoreLimits.Builder b =
        StoreLimits.builder().maxChannels(1).addPerChannel("foo", c).addPerChannel("bar", c);
    assertBuildError(b, "too many channels");
  }

  @ParameterizedTest // TestLimitsBuildErrors, invalid names
  @ValueSource(strings = {"foo.*bar", "foo.**.bar", "foo.>.bar", "foo.", ".foo", "foo/bar", ""})
  void invalidEntryNamesAreRefused(String name) {
    StoreLimits.Builder b = StoreLimits.DEFAULT.toBuilder().addPerChannel(name, cl(1, 0, 0, 0, 0));
    assertBuildError(b, "invalid per-channel limits entry");
  }

  private static void assertBuildError(StoreLimits.Builder b, String startsWith) {
    assertThatThrownBy(b::build)
        .isInstanceOf(InvalidOptionException.class)
        .satisfies(e -> assertThat(e.getMessage().toLowerCase(java.util.Locale.ROOT))
            .startsWith(startsWith));
  }

  @Test
  void perChannelValuesMayBeAboveOrBelowTheGlobalOnes() { // TestLimitsPerChannelOverride
    StoreLimits.Builder b =
        StoreLimits.builder()
            .maxChannels(2)
            .channelLimits(cl(10, 20, 1_000_000_000L, 30, 60_000_000_000L));
    b.addPerChannel("foo", cl(5, 25, 1_000_000_000L, 35, 60_000_000_000L));
    b.addPerChannel("bar", cl(12, 18, 3_600_000_000_000L, 10, 3_600_000_000_000L));
    StoreLimits limits = b.build();
    assertThat(limits.perChannel().get("foo")).isEqualTo(cl(5, 25, 1_000_000_000L, 35,
        60_000_000_000L));
    assertThat(limits.perChannel().get("bar")).isEqualTo(cl(12, 18, 3_600_000_000_000L, 10,
        3_600_000_000_000L));
  }

  @Test
  void aNarrowerWildcardEntryKeepsItsOwnValues() { // TestLimitsPerChannelOverride
    StoreLimits limits =
        StoreLimits.DEFAULT.toBuilder()
            .addPerChannel("foo.>", ChannelLimits.builder().maxMsgs(10).build())
            .addPerChannel("foo.*", ChannelLimits.builder().maxMsgs(20).build())
            .build();
    assertThat(limits.perChannel().get("foo.*").maxMsgs()).isEqualTo(20);
    assertThat(limits.forChannel("foo.x").maxMsgs()).isEqualTo(20);
    assertThat(limits.forChannel("foo.x.y").maxMsgs()).isEqualTo(10);
  }

  @Test
  void aNegativePerChannelValueMeansUnlimited() { // TestLimitsPerChannelOverride, -1 cases
    StoreLimits base = StoreLimits.DEFAULT.toBuilder().maxAge(Duration.ofHours(1))
        .maxInactivity(Duration.ofMinutes(5)).build();
    ChannelLimits global = base.channelLimits();
    assertThat(resolve(base, ChannelLimits.builder().maxSubscriptions(-1).build()))
        .isEqualTo(global.toBuilder().maxSubscriptions(0).build());
    assertThat(resolve(base, ChannelLimits.builder().maxMsgs(-1).build()))
        .isEqualTo(global.toBuilder().maxMsgs(0).build());
    assertThat(resolve(base, ChannelLimits.builder().maxBytes(-1).build()))
        .isEqualTo(global.toBuilder().maxBytes(0).build());
    assertThat(resolve(base, ChannelLimits.builder().maxAge(Duration.ofNanos(-1)).build()))
        .isEqualTo(global.toBuilder().maxAge(Duration.ZERO).build());
    assertThat(resolve(base, ChannelLimits.builder().maxInactivity(Duration.ofNanos(-1)).build()))
        .isEqualTo(global.toBuilder().maxInactivity(Duration.ZERO).build());
  }

  private static ChannelLimits resolve(StoreLimits base, ChannelLimits entry) {
    return base.toBuilder().addPerChannel("foo.*", entry).build().perChannel().get("foo.*");
  }

  @Test
  void zeroPerChannelValuesInheritTheGlobalOnes() { // TestLimitsInheritance, first part
    StoreLimits base = StoreLimits.DEFAULT.toBuilder().channelLimits(cl(11, 12, 13, 14, 15))
        .build();
    for (String name : List.of("foo", "foo.*")) {
      assertThat(resolve(base, name, cl(10, 0, 0, 0, 0))).isEqualTo(cl(10, 12, 13, 14, 15));
      assertThat(resolve(base, name, cl(0, 10, 0, 0, 0))).isEqualTo(cl(11, 10, 13, 14, 15));
      assertThat(resolve(base, name, cl(0, 0, 10, 0, 0))).isEqualTo(cl(11, 12, 10, 14, 15));
      assertThat(resolve(base, name, cl(0, 0, 0, 10, 0))).isEqualTo(cl(11, 12, 13, 10, 15));
      assertThat(resolve(base, name, cl(0, 0, 0, 0, 10))).isEqualTo(cl(11, 12, 13, 14, 10));
    }
  }

  private static ChannelLimits resolve(StoreLimits base, String name, ChannelLimits entry) {
    return base.toBuilder().addPerChannel(name, entry).build().perChannel().get(name);
  }

  @Test
  void entriesInheritFromTheMostSpecificCoveringWildcard() { // TestLimitsInheritance, tree
    StoreLimits limits =
        StoreLimits.DEFAULT.toBuilder()
            .channelLimits(cl(11, 12, 13, 14, 15))
            .addPerChannel("*.*", cl(0, 2, 0, 0, 0))
            .addPerChannel("*.>", cl(0, 0, 0, 5, 0))
            .addPerChannel("foo.>", cl(10, 0, 0, 0, 0))
            .addPerChannel("foo.*.>", cl(0, 20, 0, 0, 0))
            .addPerChannel("foo.*.*.>", cl(0, 0, 30, 0, 0))
            .addPerChannel("foo.a.b.c", cl(0, 0, 0, 40, 0))
            .addPerChannel("foo.d.e.f", cl(50, 0, 60, 0, 0))
            .addPerChannel("foo.baz", cl(0, 70, 0, 80, 0))
            .addPerChannel("bar.*.>", cl(90, 0, 0, 0, 0))
            .addPerChannel("bar.baz.>", cl(0, 100, 0, 0, 110))
            .addPerChannel("bar.baz.boz", cl(0, 0, 0, 0, 120))
            .addPerChannel("bar.baz.bat", cl(0, 0, 0, 0, 110))
            .build();
    assertThat(limits.perChannel().get("*.>")).isEqualTo(cl(11, 12, 13, 5, 15));
    assertThat(limits.perChannel().get("*.*")).isEqualTo(cl(11, 2, 13, 5, 15));
    // NSS expects (10, 2, ...) here: it matches the pattern "foo.>" against "*.*" as if ">" were a
    // literal token. The SPI only inherits from an entry that covers every channel the pattern
    // matches, and "*.*" does not cover "foo.x.y", so maxBytes comes from "*.>" (the globals): 12.
    assertThat(limits.perChannel().get("foo.>")).isEqualTo(cl(10, 12, 13, 5, 15));
    assertThat(limits.perChannel().get("foo.*.>")).isEqualTo(cl(10, 20, 13, 5, 15));
    assertThat(limits.perChannel().get("foo.*.*.>")).isEqualTo(cl(10, 20, 30, 5, 15));
    assertThat(limits.perChannel().get("foo.a.b.c")).isEqualTo(cl(10, 20, 30, 40, 15));
    assertThat(limits.perChannel().get("foo.d.e.f")).isEqualTo(cl(50, 20, 60, 5, 15));
    assertThat(limits.perChannel().get("foo.baz")).isEqualTo(cl(10, 70, 13, 80, 15));
    assertThat(limits.perChannel().get("bar.*.>")).isEqualTo(cl(90, 12, 13, 5, 15));
    assertThat(limits.perChannel().get("bar.baz.>")).isEqualTo(cl(90, 100, 13, 5, 110));
    assertThat(limits.perChannel().get("bar.baz.boz")).isEqualTo(cl(90, 100, 13, 5, 120));
    assertThat(limits.perChannel().get("bar.baz.bat")).isEqualTo(cl(90, 100, 13, 5, 110));
    assertThat(limits.forChannel("bar.baz.other")).as("literal without entry: bar.baz.>")
        .isEqualTo(cl(90, 100, 13, 5, 110));
    assertThat(limits.forChannel("nomatch")).isEqualTo(cl(11, 12, 13, 14, 15));
  }

  @Test
  void wildcardEntriesDoNotCountTowardMaxChannels() { // TestLimitsWildcardsDontCountForMaxChannels
    StoreLimits.Builder b = StoreLimits.DEFAULT.toBuilder().maxChannels(2);
    b.addPerChannel("foo.>", ChannelLimits.builder().build());
    b.addPerChannel("foo.*", ChannelLimits.builder().build());
    b.addPerChannel("foo.bar.*", ChannelLimits.builder().build());
    assertThat(b.build().perChannel()).hasSize(3);
    b.addPerChannel("foo.bar", ChannelLimits.builder().build());
    b.addPerChannel("foo.baz", ChannelLimits.builder().build());
    assertThat(b.build().perChannel()).hasSize(5);
    b.addPerChannel("foo", ChannelLimits.builder().build());
    assertThatThrownBy(b::build).isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("too many channels");
  }

  @Test
  void describeListsGlobalsAndEveryEntry() { // TestLimitsPrint
    StoreLimits limits =
        StoreLimits.DEFAULT.toBuilder()
            .addPerChannel(">", ChannelLimits.builder().maxMsgs(10).build())
            .addPerChannel("foo.>", ChannelLimits.builder().maxBytes(1024)
                .maxInactivity(Duration.ofSeconds(5)).build())
            .addPerChannel("foo.bar.>", ChannelLimits.builder().maxAge(Duration.ofSeconds(1))
                .build())
            .addPerChannel("bar", ChannelLimits.builder().maxSubscriptions(30).build())
            .build();
    List<String> lines = limits.describe();
    assertThat(lines.get(0)).startsWith("Channels:").contains("100").endsWith("*");
    assertThat(lines).contains("  Messages:      1000000", "  Age:           unlimited");
    int gt = lines.indexOf(">");
    assertThat(gt).isPositive();
    assertThat(lines.get(gt + 2)).contains("Messages").endsWith("10");
    int fooAll = lines.indexOf("foo.>");
    assertThat(lines.subList(fooAll, fooAll + 6))
        .anySatisfy(l -> assertThat(l).contains("Bytes").endsWith("1.00 KB"))
        .anySatisfy(l -> assertThat(l).contains("Inactivity").endsWith("5s"))
        .anySatisfy(l -> assertThat(l).contains("Messages").endsWith("10"));
    int fooBar = lines.indexOf("foo.bar.>");
    assertThat(lines.subList(fooBar, fooBar + 6))
        .anySatisfy(l -> assertThat(l).contains("Age").endsWith("1s"));
    int bar = lines.indexOf("bar");
    assertThat(lines.subList(bar, bar + 6))
        .anySatisfy(l -> assertThat(l).contains("Subscriptions").endsWith("30"));
  }

  @Test
  void limitsAreImmutableValuesAndToBuilderCopies() { // TestLimitsClone
    StoreLimits original =
        StoreLimits.DEFAULT.toBuilder()
            .addPerChannel("foo", cl(100, 0, 1_000_000_000L, 20, 1_000_000_000L))
            .build();
    StoreLimits copy = original.toBuilder().build();
    assertThat(copy).isEqualTo(original).hasSameHashCodeAs(original);
    StoreLimits changed =
        original.toBuilder().addPerChannel("foo", cl(200, 0, 1_000_000_000L, 20, 1_000_000_000L))
            .build();
    assertThat(changed).isNotEqualTo(original);
    assertThat(original.perChannel().get("foo").maxMsgs()).as("original untouched").isEqualTo(100);
    StoreLimits globalChanged = original.toBuilder().maxBytes(100).build();
    assertThat(globalChanged).isNotEqualTo(original);
    assertThat(original.channelLimits().maxBytes()).isEqualTo(1_000_000L * 1024);
    assertThatThrownBy(() -> original.perChannel().put("bar", ChannelLimits.UNLIMITED))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
