package io.streamstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamstore.StoreUrl;
import io.streamstore.spi.InvalidOptionException;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.assertj.core.api.Assertions;

/** The retry delays of failed background work, and the options that set them. */
class BackoffTest {

  private static long ms(long nanos) {
    return Duration.ofNanos(nanos).toMillis();
  }

  @Test
  void doublesFromTheFirstDelayUpToTheMaximumAndStartsOverAfterASuccess() {
    Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofMillis(700));
    assertThat(new long[] {ms(b.nextDelayNanos()), ms(b.nextDelayNanos()), ms(b.nextDelayNanos()),
        ms(b.nextDelayNanos()), ms(b.nextDelayNanos())})
        .containsExactly(100, 200, 400, 700, 700);
    b.reset();
    assertThat(ms(b.nextDelayNanos())).isEqualTo(100);
  }

  @Test
  void aMaximumEqualToTheFirstDelayIsAFixedDelay() {
    Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1));
    for (int i = 0; i < 5; i++) {
      assertThat(ms(b.nextDelayNanos())).isEqualTo(1000);
    }
  }

  @Test
  void neverOverflowsWithHugeDelays() {
    Backoff b = new Backoff(Duration.ofDays(1), Duration.ofDays(365 * 100));
    long previous = 0;
    for (int i = 0; i < 80; i++) {
      long d = b.nextDelayNanos();
      assertThat(d).isPositive().isGreaterThanOrEqualTo(previous);
      previous = d;
    }
  }

  @Test
  void optionsHaveOneDefaultEachAndAreValidated() {
    JdbcStoreOptions defaults = JdbcStoreOptions.parse(StoreUrl.parse("streamstore:jdbc:h2:mem:x"),
        new Properties());
    assertThat(defaults.retryDelay()).isEqualTo(Duration.ofSeconds(1));
    assertThat(defaults.maxRetryDelay()).isEqualTo(Duration.ofSeconds(30));
    JdbcStoreOptions set = JdbcStoreOptions.parse(
        StoreUrl.parse("streamstore:jdbc:h2:mem:x?retryDelay=250ms&maxRetryDelay=2m"), new Properties());
    assertThat(set.retryDelay()).isEqualTo(Duration.ofMillis(250));
    assertThat(set.maxRetryDelay()).isEqualTo(Duration.ofMinutes(2));
    assertThat(set.jdbcUrl()).isEqualTo("jdbc:h2:mem:x");
    Assertions.assertThatThrownBy(() -> JdbcStoreOptions.parse(
            StoreUrl.parse("streamstore:jdbc:h2:mem:x?retryDelay=5s&maxRetryDelay=1s"), new Properties()))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("maxRetryDelay");
  }
}
