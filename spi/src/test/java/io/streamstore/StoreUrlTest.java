package io.streamstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamstore.spi.InvalidOptionException;
import org.junit.jupiter.api.Test;

class StoreUrlTest {

  @Test
  void splitsBackendLocationAndQuery() {
    StoreUrl url = StoreUrl.parse("streamstore:jdbc:postgresql://db:5432/app?user=me&maxPoolSize=4");
    assertThat(url.backend()).isEqualTo("jdbc");
    assertThat(url.location()).isEqualTo("postgresql://db:5432/app");
    assertThat(url.rawQuery()).isEqualTo("user=me&maxPoolSize=4");
    assertThat(url.options()).containsExactly(
        java.util.Map.entry("user", "me"), java.util.Map.entry("maxPoolSize", "4"));
  }

  @Test
  void memoryUrlMayHaveAnEmptyLocation() {
    StoreUrl url = StoreUrl.parse("streamstore:memory:");
    assertThat(url.isBackend("memory")).isTrue();
    assertThat(url.location()).isEmpty();
    assertThat(url.options()).isEmpty();
  }

  @Test
  void optionsArePercentDecoded() {
    StoreUrl url = StoreUrl.parse("streamstore:file:/tmp/a%20b?sliceArchiveScript=%2Fbin%2Farchive%20it");
    assertThat(url.location()).isEqualTo("/tmp/a%20b");
    assertThat(url.options()).containsEntry("sliceArchiveScript", "/bin/archive it");
  }

  @Test
  void repeatedOrMalformedOptionsAreRefused() {
    assertThatThrownBy(() -> StoreUrl.parse("streamstore:memory:?a=1&a=2"))
        .isInstanceOf(InvalidOptionException.class).hasMessageContaining("twice");
    assertThatThrownBy(() -> StoreUrl.parse("streamstore:memory:?novalue"))
        .isInstanceOf(InvalidOptionException.class).hasMessageContaining("key=value");
    assertThatThrownBy(() -> StoreUrl.parse("streamstore:memory:?a=%zz"))
        .isInstanceOf(InvalidOptionException.class).hasMessageContaining("percent");
  }
}
