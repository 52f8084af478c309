package io.streamstore.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamstore.spi.InvalidOptionException;
import io.streamstore.spi.StoreOptions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FileStoreOptionsTest {

  @Test
  void defaultsAreThoseOfNats() {
    FileStoreOptions d = FileStoreOptions.from(StoreOptions.of(Map.of()));
    assertThat(d).isEqualTo(FileStoreOptions.DEFAULTS);
    assertThat(d.bufferSize()).isEqualTo(2 * 1024 * 1024);
    assertThat(d.compactInterval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(d.compactFragmentation()).isEqualTo(50);
    assertThat(d.compactMinFileSize()).isEqualTo(1024 * 1024);
    assertThat(d.crcPolynomial()).isEqualTo(0xedb88320L);
    assertThat(d.doCRC()).isTrue();
    assertThat(d.doSync()).isTrue();
    assertThat(d.sliceMaxBytes()).isEqualTo(64L * 1024 * 1024);
    assertThat(d.parallelRecovery()).isEqualTo(1);
    assertThat(d.autoSync()).isEqualTo(Duration.ofSeconds(60));
    assertThat(d.readOnly()).isFalse();
  }

  @Test
  void readsEveryOptionByName() {
    StoreOptions o = StoreOptions.of(Map.ofEntries(
        Map.entry("bufferSize", "1MB"), Map.entry("compactEnabled", "false"),
        Map.entry("compactInterval", "30"), Map.entry("compactFragmentation", "20"),
        Map.entry("compactMinFileSize", "0"), Map.entry("doCRC", "false"),
        Map.entry("crcPolynomial", "0x82f63b78"), Map.entry("doSync", "false"),
        Map.entry("sliceMaxMsgs", "100"), Map.entry("sliceMaxBytes", "1KB"),
        Map.entry("sliceMaxAge", "1h"), Map.entry("sliceArchiveScript", "/bin/true"),
        Map.entry("fileDescriptorsLimit", "50"), Map.entry("parallelRecovery", "4"),
        Map.entry("truncateUnexpectedEOF", "true"), Map.entry("readBufferSize", "0"),
        Map.entry("autoSync", "0"), Map.entry("recordSizeLimit", "8MB"),
        Map.entry("readOnly", "true")));
    FileStoreOptions f = FileStoreOptions.from(o);
    o.rejectUnused(FileStoreOptions.NAMES);
    assertThat(f.bufferSize()).isEqualTo(1 << 20);
    assertThat(f.compactEnabled()).isFalse();
    assertThat(f.compactInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(f.compactFragmentation()).isEqualTo(20);
    assertThat(f.compactMinFileSize()).isZero();
    assertThat(f.doCRC()).isFalse();
    assertThat(f.crcPolynomial()).isEqualTo(0x82f63b78L);
    assertThat(f.doSync()).isFalse();
    assertThat(f.sliceMaxMsgs()).isEqualTo(100);
    assertThat(f.sliceMaxBytes()).isEqualTo(1024);
    assertThat(f.sliceMaxAge()).isEqualTo(Duration.ofHours(1));
    assertThat(f.sliceArchiveScript()).isEqualTo("/bin/true");
    assertThat(f.archivesSlices()).isTrue();
    assertThat(f.fileDescriptorsLimit()).isEqualTo(50);
    assertThat(f.parallelRecovery()).isEqualTo(4);
    assertThat(f.truncateUnexpectedEOF()).isTrue();
    assertThat(f.readBufferSize()).isZero();
    assertThat(f.autoSyncEnabled()).isFalse();
    assertThat(f.recordSizeLimit()).isEqualTo(8 << 20);
    assertThat(f.readOnly()).isTrue();
  }

  @Test
  void validationNamesTheOption() {
    assertThatThrownBy(() -> FileStoreOptions.builder().bufferSize(-1).build())
        .isInstanceOf(InvalidOptionException.class).hasMessageContaining("bufferSize");
    assertThatThrownBy(() -> FileStoreOptions.builder().compactInterval(Duration.ZERO).build())
        .isInstanceOf(InvalidOptionException.class).hasMessageContaining("compactInterval");
    assertThatThrownBy(() -> FileStoreOptions.builder().compactFragmentation(0).build())
        .hasMessageContaining("compactFragmentation");
    assertThatThrownBy(() -> FileStoreOptions.builder().compactMinFileSize(-1).build())
        .hasMessageContaining("compactMinFileSize");
    assertThatThrownBy(() -> FileStoreOptions.builder().crcPolynomial(0).build())
        .hasMessageContaining("crcPolynomial");
    assertThatThrownBy(() -> FileStoreOptions.builder().crcPolynomial(0x1_0000_0000L).build())
        .hasMessageContaining("crcPolynomial");
    assertThatThrownBy(() -> FileStoreOptions.builder().sliceMaxMsgs(-1).build())
        .hasMessageContaining("sliceMaxMsgs");
    assertThatThrownBy(() -> FileStoreOptions.builder().sliceMaxBytes(-1).build())
        .hasMessageContaining("sliceMaxBytes");
    assertThatThrownBy(() -> FileStoreOptions.builder().sliceMaxAge(Duration.ofSeconds(-1)).build())
        .hasMessageContaining("sliceMaxAge");
    assertThatThrownBy(() -> FileStoreOptions.builder().fileDescriptorsLimit(-1).build())
        .hasMessageContaining("fileDescriptorsLimit");
    assertThatThrownBy(() -> FileStoreOptions.builder().parallelRecovery(0).build())
        .hasMessageContaining("parallelRecovery");
    assertThatThrownBy(() -> FileStoreOptions.builder().readBufferSize(-1).build())
        .hasMessageContaining("readBufferSize");
    assertThatThrownBy(() -> FileStoreOptions.builder().recordSizeLimit(10).build())
        .hasMessageContaining("recordSizeLimit");
    assertThatThrownBy(() -> FileStoreOptions.from(StoreOptions.of(Map.of("doSync", "maybe"))))
        .isInstanceOf(InvalidOptionException.class).hasMessageContaining("doSync");
    assertThatThrownBy(
            () -> FileStoreOptions.from(StoreOptions.of(Map.of("crcPolynomial", "zz"))))
        .hasMessageContaining("crcPolynomial");
  }

  @Test
  void builderKeepsOtherValues() {
    FileStoreOptions o = FileStoreOptions.DEFAULTS.toBuilder().doSync(false).build();
    assertThat(o.doSync()).isFalse();
    assertThat(o.toBuilder().doSync(true).build()).isEqualTo(FileStoreOptions.DEFAULTS);
  }
}
