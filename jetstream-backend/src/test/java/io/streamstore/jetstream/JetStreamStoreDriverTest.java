package io.streamstore.jetstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamstore.StoreUrl;
import io.streamstore.Stores;
import io.streamstore.spi.InvalidOptionException;
import io.streamstore.spi.StoreIOException;
import io.streamstore.spi.StoreOptions;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** URL parsing and option checks, without a server. */
class JetStreamStoreDriverTest {

  private static JetStreamStoreOptions parse(String url) {
    StoreUrl u = StoreUrl.parse(url);
    return JetStreamStoreOptions.read(u, StoreOptions.of(u, new Properties()));
  }

  @Test
  void theDriverIsFoundByServiceLoader() {
    assertThat(Stores.drivers()).anyMatch(d -> d instanceof JetStreamStoreDriver);
  }

  @Test
  void serversAndOptionsAreRead() {
    JetStreamStoreOptions o = parse("streamstore:jetstream://a:4222,b,[::1]:5000?prefix=app"
        + "&replicas=3&storage=memory&requestTimeout=2s&monitor=http://a:8222");
    assertThat(o.servers()).containsExactly("nats://a:4222", "nats://b:4222", "nats://[::1]:5000");
    assertThat(o.prefix()).isEqualTo("app");
    assertThat(o.subjectPrefix()).isEqualTo("app");
    assertThat(o.replicas()).isEqualTo(3);
    assertThat(o.memoryStorage()).isTrue();
    assertThat(o.requestTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(o.monitorUrls()).isEqualTo(List.of("http://a:8222"));
    assertThat(parse("streamstore:jetstream://h?tls=true").servers()).containsExactly("tls://h:4222");
    assertThat(parse("streamstore:jetstream://h?subjectPrefix=").subjectPrefix()).isEmpty();
  }

  @Test
  void badLocationsAndValuesAreRefusedWithTheOptionNamed() {
    assertThatThrownBy(() -> parse("streamstore:jetstream:")).isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("names no server");
    assertThatThrownBy(() -> parse("streamstore:jetstream://a,,b")).isInstanceOf(InvalidOptionException.class);
    assertThatThrownBy(() -> parse("streamstore:jetstream://a?prefix=a.b"))
        .isInstanceOf(InvalidOptionException.class).hasMessageContaining("prefix");
    assertThatThrownBy(() -> parse("streamstore:jetstream://a?replicas=7"))
        .isInstanceOf(InvalidOptionException.class).hasMessageContaining("replicas");
    assertThatThrownBy(() -> parse("streamstore:jetstream://a?storage=disk"))
        .isInstanceOf(InvalidOptionException.class).hasMessageContaining("storage");
    assertThatThrownBy(() -> parse("streamstore:jetstream://a?subjectPrefix=a.*"))
        .isInstanceOf(InvalidOptionException.class).hasMessageContaining("subjectPrefix");
    assertThatThrownBy(() -> parse("streamstore:jetstream://a?lockTtl=10ms"))
        .isInstanceOf(InvalidOptionException.class).hasMessageContaining("lockTtl");
    assertThatThrownBy(() -> parse("streamstore:jetstream://a?monitor=a:8222"))
        .isInstanceOf(InvalidOptionException.class).hasMessageContaining("monitor");
  }

  @Test
  void unknownOptionsAreRefusedBeforeConnecting() {
    assertThatThrownBy(() -> Stores.open("streamstore:jetstream://127.0.0.1:1?bogus=1"))
        .isInstanceOf(InvalidOptionException.class).hasMessageContaining("bogus");
  }

  @Test
  void anUnreachableServerIsAStoreIoException() {
    assertThatThrownBy(() -> Stores.open("streamstore:jetstream://127.0.0.1:1?connectTimeout=500ms"))
        .isInstanceOf(StoreIOException.class).hasMessageContaining("127.0.0.1:1");
  }
}
