package io.streamstore.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamstore.StoreUrl;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StoreOptionsTest {

  @ParameterizedTest
  @CsvSource({"1048576,1048576", "512KB,524288", "64MB,67108864", "2GB,2147483648", "1TiB,1099511627776",
      "10b,10", "-1,-1", "-64MB,-67108864", "0,0"})
  void bytesAcceptUnitsInPowersOf1024(String text, long expected) {
    assertThat(StoreOptions.parseBytes("maxBytes", text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "MB", "12XB", "1.5MB", "99999999999999TB", "abc"})
  void malformedSizesNameTheOption(String text) {
    assertThatThrownBy(() -> StoreOptions.parseBytes("maxBytes", text))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("maxBytes");
  }

  @Test
  void durationsAcceptGoAndIsoForms() {
    assertThat(StoreOptions.parseDuration("d", "0")).isZero();
    assertThat(StoreOptions.parseDuration("d", "500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(StoreOptions.parseDuration("d", "24h")).isEqualTo(Duration.ofHours(24));
    assertThat(StoreOptions.parseDuration("d", "1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(StoreOptions.parseDuration("d", "2d")).isEqualTo(Duration.ofDays(2));
    assertThat(StoreOptions.parseDuration("d", "PT24H")).isEqualTo(Duration.ofHours(24));
    assertThat(StoreOptions.parseDuration("d", "-1s")).isEqualTo(Duration.ofSeconds(-1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"10", "h", "1x", "1h 30m", "PTX", "", "99999999999999999999s"})
  void malformedDurationsNameTheOption(String text) {
    assertThatThrownBy(() -> StoreOptions.parseDuration("maxAge", text))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("maxAge");
  }

  @Test
  void urlAndPropertiesMergeAndConflictsAreRefused() {
    StoreUrl url = StoreUrl.parse("streamstore:memory:?maxMsgs=10");
    Properties props = new Properties();
    props.setProperty("maxBytes", "1MB");
    StoreOptions o = StoreOptions.of(url, props);
    assertThat(o.integer("maxMsgs", 0)).isEqualTo(10);
    assertThat(o.bytes("maxBytes", 0)).isEqualTo(1 << 20);

    props.setProperty("maxMsgs", "11");
    assertThatThrownBy(() -> StoreOptions.of(url, props))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("maxMsgs");
    props.setProperty("maxMsgs", "10");
    assertThat(StoreOptions.of(url, props).integer("maxMsgs", 0)).isEqualTo(10);
  }

  @Test
  void unknownOptionsAreRefusedListingTheKnownOnes() {
    StoreOptions o = StoreOptions.of(Map.of("maxMsgs", "1", "maxMsg", "2"));
    o.integer("maxMsgs", 0);
    assertThatThrownBy(() -> o.rejectUnused(Set.of("maxMsgs", "maxBytes")))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("[maxMsg]")
        .hasMessageContaining("maxBytes");
  }

  @Test
  void booleansAndNumbersAreStrict() {
    StoreOptions o = StoreOptions.of(Map.of("a", "TRUE", "b", "yes", "n", "1e3", "big", "3000000000"));
    assertThat(o.bool("a", false)).isTrue();
    assertThatThrownBy(() -> o.bool("b", false)).hasMessageContaining("'b'");
    assertThatThrownBy(() -> o.integer("n", 0)).hasMessageContaining("whole number");
    assertThatThrownBy(() -> o.int32("big", 0)).hasMessageContaining("between");
  }

  @Test
  void limitOptionsOverrideTheGlobalsOfTheBase() {
    StoreOptions o =
        StoreOptions.of(Map.of("maxChannels", "5", "maxBytes", "64MB", "maxAge", "24h", "maxSubs", "0"));
    StoreLimits l = LimitOptions.read(o, StoreLimits.DEFAULT);
    assertThat(l.maxChannels()).isEqualTo(5);
    assertThat(l.channelLimits().maxBytes()).isEqualTo(64L << 20);
    assertThat(l.channelLimits().maxAge()).isEqualTo(Duration.ofHours(24));
    assertThat(l.channelLimits().maxSubscriptions()).isZero();
    assertThat(l.channelLimits().maxMsgs()).isEqualTo(1_000_000);
    assertThatThrownBy(() -> LimitOptions.read(StoreOptions.of(Map.of("maxMsgs", "-5")), StoreLimits.DEFAULT))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("max messages");
  }
}
