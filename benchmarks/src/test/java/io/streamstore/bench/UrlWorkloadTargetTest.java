package io.streamstore.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UrlWorkloadTargetTest {

  @TempDir Path tmp;

  @Test
  void noUrlMeansFreshTemporaryFileStores() {
    try (UrlWorkloadTarget t = UrlWorkloadTarget.of(null)) {
      assertThat(t.describe()).isEqualTo("streamstore:file:<temp dir> (a fresh directory per store)");
      assertThat(t.persistent()).isTrue();
    }
    assertThat(UrlWorkloadTarget.of("streamstore:file:?doSync=false").describe())
        .isEqualTo("streamstore:file:<temp dir>?doSync=false (a fresh directory per store)");
  }

  @Test
  void aFixedFileDirectoryGetsOneKeptSubDirectoryPerStore() throws Exception {
    String url = "streamstore:file:" + tmp;
    try (UrlWorkloadTarget t = UrlWorkloadTarget.of(url)) {
      assertThat(t.describe()).startsWith(url + "/bench-").endsWith("-<n> (kept after the run)");
      TargetStore a = t.fresh(Durability.BUFFERED);
      TargetStore b = t.fresh(Durability.SYNCED);
      assertThat(a.url()).isNotEqualTo(b.url()).startsWith(url + "/bench-");
      a.store().close();
      b.store().close();
    }
    try (var dirs = Files.list(tmp)) {
      assertThat(dirs.filter(Files::isDirectory).count()).isEqualTo(2);
    }
  }

  @Test
  void memoryStoresAreNotReopened() {
    try (UrlWorkloadTarget t = UrlWorkloadTarget.of("streamstore:memory:")) {
      TargetStore s = t.fresh(Durability.BUFFERED);
      assertThat(t.persistent()).isFalse();
      assertThat(t.reopen(s)).isSameAs(s);
      s.store().close();
    }
  }
}
