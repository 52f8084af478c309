package io.streamstore.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamstore.Stores;
import io.streamstore.spi.InvalidOptionException;
import io.streamstore.spi.LimitOptions;
import io.streamstore.spi.NotSupportedException;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreDriver;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Opening memory stores by URL: discovery, names, limit options, refused options. */
class MemoryStoreDriverTest {

  @Test
  void driverIsFoundByServiceLoaderAndOpensMemoryUrls() {
    assertThat(Stores.drivers()).extracting(StoreDriver::backend).contains("memory");
    try (Store s = Stores.open("streamstore:memory:")) {
      assertThat(s).isInstanceOf(MemoryStore.class);
      assertThat(s.type()).isEqualTo("MEMORY");
      assertThat(s.recover()).isEmpty();
    }
  }

  @Test
  void theNameLabelsTheStoreAndEveryOpenIsANewEmptyStore() {
    try (Store a = Stores.open("streamstore:memory:orders");
        Store b = Stores.open("streamstore:memory:orders")) {
      assertThat(a).hasToString("MemoryStore[orders]");
      a.createChannel("foo");
      assertThat(b.channelLimits("foo")).as("stores of the same name share nothing").isEmpty();
      b.createChannel("foo");
    }
  }

  @Test
  void limitOptionsFromTheUrlAndPropertiesApplyToNewChannels() {
    Properties props = new Properties();
    props.setProperty("maxSubs", "7");
    try (Store s =
        Stores.open("streamstore:memory:x?maxMsgs=3&maxBytes=1KB&maxAge=90s&maxChannels=2", props)) {
      s.createChannel("foo");
      var cl = s.channelLimits("foo").orElseThrow();
      assertThat(cl.maxMsgs()).isEqualTo(3);
      assertThat(cl.maxBytes()).isEqualTo(1024);
      assertThat(cl.maxAge()).isEqualTo(Duration.ofSeconds(90));
      assertThat(cl.maxSubscriptions()).isEqualTo(7);
      s.createChannel("bar");
      assertThatThrownBy(() -> s.createChannel("baz"))
          .isInstanceOf(io.streamstore.spi.TooManyChannelsException.class);
    }
  }

  @Test
  void withoutOptionsTheDefaultLimitsApply() {
    try (Store s = Stores.open("streamstore:memory:")) {
      s.createChannel("foo");
      assertThat(s.channelLimits("foo").orElseThrow())
          .isEqualTo(io.streamstore.spi.StoreLimits.DEFAULT.channelLimits());
    }
  }

  @Test
  void unknownOrMalformedOptionsAreRefused() {
    assertThatThrownBy(() -> Stores.open("streamstore:memory:?maxMsg=3"))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("maxMsg")
        .hasMessageContaining("maxMsgs");
    Properties props = new Properties();
    props.setProperty("doSync", "true");
    assertThatThrownBy(() -> Stores.open("streamstore:memory:", props))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("doSync");
    assertThatThrownBy(() -> Stores.open("streamstore:memory:?maxAge=soon"))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("maxAge");
    assertThatThrownBy(() -> Stores.open("streamstore:memory:?maxMsgs=-1"))
        .isInstanceOf(InvalidOptionException.class);
  }

  @Test
  void driverDescribesItselfAndListsTheLimitOptions() {
    MemoryStoreDriver d = new MemoryStoreDriver();
    assertThat(d.backend()).isEqualTo("memory");
    assertThat(d.description()).isNotBlank();
    assertThat(d.optionNames()).containsAll(LimitOptions.NAMES).contains("maxMessageSize")
        .hasSize(LimitOptions.NAMES.size() + 1);
    assertThat(d.acceptsUrl("streamstore:memory:")).isTrue();
    assertThat(d.acceptsUrl("streamstore:memoryx:")).isFalse();
    assertThat(d.acceptsUrl("streamstore:file:/tmp")).isFalse();
  }

  @Test
  void exclusiveLockIsNotSupported() {
    try (Store s = Stores.open("streamstore:memory:")) {
      assertThatThrownBy(s::tryExclusiveLock)
          .isInstanceOf(NotSupportedException.class)
          .hasMessageContaining("MEMORY");
    }
  }
}
