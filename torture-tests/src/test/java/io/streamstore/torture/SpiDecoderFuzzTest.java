package io.streamstore.torture;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.InRange;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import io.streamstore.StoreUrl;
import io.streamstore.spi.InvalidNameException;
import io.streamstore.spi.InvalidOptionException;
import io.streamstore.spi.Names;
import io.streamstore.spi.StoreOptions;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Duration;

/**
 * T5 (SPI part): fuzzes the decoders every backend shares: store URLs, size and duration options,
 * channel names and client ids. Each target may only answer with its declared exception; anything
 * else (a NumberFormatException, an ArithmeticException, a StringIndexOutOfBounds...) is a finding.
 *
 * <p>Every build replays the inputs in {@code src/test/resources/io/streamstore/torture/
 * SpiDecoderFuzzTestInputs/<method>/}; {@code JAZZER_FUZZ=1 mvn test -pl torture-tests
 * -Dtest=SpiDecoderFuzzTest#<method>} fuzzes one target for real.
 */
class SpiDecoderFuzzTest {

  @FuzzTest(maxDuration = "10m")
  void storeUrl(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    StoreUrl url;
    try {
      url = StoreUrl.parse(text);
    } catch (InvalidOptionException expected) {
      assertThat(expected.getMessage()).isNotBlank();
      return;
    }
    assertThat(url.url()).isEqualTo(text);
    assertThat(text).startsWith(StoreUrl.PREFIX + url.backend() + ":");
    assertThat(url.backend()).isNotEmpty().doesNotContain(":");
    assertThat(url.location()).doesNotContain("?");
    // parsing is a pure function of the text
    assertThat(StoreUrl.parse(url.url())).isEqualTo(url);
  }

  @FuzzTest(maxDuration = "10m")
  void parseBytes(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    long value;
    try {
      value = StoreOptions.parseBytes("fuzz", text);
    } catch (InvalidOptionException expected) {
      assertThat(expected.getMessage()).contains("fuzz");
      return;
    }
    String trimmed = text.trim();
    if (trimmed.matches("-?\\d+")) {
      assertThat(value).isEqualTo(Long.parseLong(trimmed));
    }
    assertThat(value < 0).isEqualTo(trimmed.startsWith("-") && value != 0);
  }

  /** Property: a size written with a unit reads back as the number shifted by the unit. */
  @FuzzTest(maxDuration = "5m")
  void parseBytesUnits(@InRange(min = 0, max = Long.MAX_VALUE) long n, @InRange(min = 0, max = 4) int unit) {
    String[] units = {"B", "KB", "MB", "GB", "TB"};
    int shift = unit * 10;
    String text = n + units[unit];
    if (n > (Long.MAX_VALUE >> shift)) {
      try {
        StoreOptions.parseBytes("size", text);
        throw new AssertionError("overflowing size accepted: " + text);
      } catch (InvalidOptionException expected) {
        return;
      }
    }
    assertThat(StoreOptions.parseBytes("size", text)).isEqualTo(n << shift);
    assertThat(StoreOptions.parseBytes("size", "-" + text)).isEqualTo(-(n << shift));
  }

  @FuzzTest(maxDuration = "10m")
  void parseDuration(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    Duration d;
    try {
      d = StoreOptions.parseDuration("fuzz", text);
    } catch (InvalidOptionException expected) {
      assertThat(expected.getMessage()).contains("fuzz");
      return;
    }
    assertThat(d).isNotNull();
  }

  /** Property: Go-style parts add up ("1h30m15s" is 1h + 30m + 15s). */
  @FuzzTest(maxDuration = "5m")
  void parseDurationParts(
      @InRange(min = 0, max = 10_000) long h, @InRange(min = 0, max = 10_000) long m,
      @InRange(min = 0, max = 10_000) long s, @InRange(min = 0, max = 10_000) long ms) {
    Duration expected =
        Duration.ofHours(h).plusMinutes(m).plusSeconds(s).plusMillis(ms);
    assertThat(StoreOptions.parseDuration("d", h + "h" + m + "m" + s + "s" + ms + "ms"))
        .isEqualTo(expected);
    assertThat(StoreOptions.parseDuration("d", "-" + h + "h" + m + "m" + s + "s" + ms + "ms"))
        .isEqualTo(expected.negated());
  }

  @FuzzTest(maxDuration = "10m")
  void channelName(FuzzedDataProvider data) {
    boolean pattern = data.consumeBoolean();
    String name = data.consumeRemainingAsString();
    checkChannelName(name, pattern);
  }

  /** Property over typed strings: whatever the validator accepts is safe as a directory name. */
  @FuzzTest(maxDuration = "5m")
  void channelNameTyped(@NotNull String name) {
    checkChannelName(name, false);
  }

  @FuzzTest(maxDuration = "10m")
  void clientId(FuzzedDataProvider data) {
    String id = data.consumeRemainingAsString();
    try {
      Names.validateClientId(id);
    } catch (InvalidNameException expected) {
      assertThat(expected.getMessage()).isNotBlank();
      return;
    }
    assertThat(id).isNotEmpty();
    assertThat(id.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(Names.MAX_NAME_BYTES);
    assertThat(id.chars().noneMatch(Character::isISOControl)).isTrue();
  }

  @FuzzTest(maxDuration = "5m")
  void subjectMatching(@NotNull String pattern, @NotNull String channel) {
    // never throws, and a literal pattern matches exactly itself
    boolean m = Names.matches(pattern, channel);
    if (Names.isValidChannel(pattern) && Names.isValidChannel(channel)) {
      assertThat(m).isEqualTo(pattern.equals(channel));
    }
  }

  /** The invariants every accepted channel name must have (R10/R10b of reliability.md). */
  static void checkChannelName(String name, boolean pattern) {
    try {
      if (pattern) {
        Names.validateChannelPattern(name);
      } else {
        Names.validateChannel(name);
      }
    } catch (InvalidNameException expected) {
      assertThat(expected.getMessage()).isNotBlank();
      return;
    }
    assertThat(name).isNotEmpty();
    assertThat(name.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(Names.MAX_NAME_BYTES);
    assertThat(name).doesNotContain("/", "\\", "\0", "..");
    assertThat(name).isNotIn(".", "..");
    assertThat(name.startsWith(".") || name.endsWith(".") || name.endsWith(" ")).isFalse();
    assertThat(name.chars().noneMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c)))
        .isTrue();
    assertThat(Normalizer.isNormalized(name, Normalizer.Form.NFC)).isTrue();
    assertThat(Names.isValidChannel(name)).isEqualTo(!pattern || Names.isLiteral(name));
    // well-formed UTF-16: encodes to UTF-8 and back unchanged
    assertThat(new String(name.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
        .isEqualTo(name);
  }
}
