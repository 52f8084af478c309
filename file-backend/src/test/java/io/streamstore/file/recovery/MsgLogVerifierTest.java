package io.streamstore.file.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamstore.file.FileStoreOptions;
import io.streamstore.file.MsgLogFixtures;
import io.streamstore.file.io.FileIO;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MsgLogVerifierTest {

  @TempDir Path tmp;

  private MsgLogVerifier.VerifyResult verify(Path dir) throws Exception {
    return MsgLogVerifier.verify(FileIO.real(), dir, FileStoreOptions.DEFAULTS);
  }

  @Test
  void basicIsClean() throws Exception {
    MsgLogVerifier.VerifyResult r =
        verify(MsgLogFixtures.ROOT.resolve("basic/store/foo"));
    assertThat(r.clean()).isTrue();
    assertThat(r.records()).isEqualTo(1000);
    assertThat(verify(MsgLogFixtures.ROOT.resolve("sliced/store/sliced")).clean()).isTrue();
  }

  @Test
  void crcBadIsReportedWithFileAndOffsetAndNothingChanges() throws Exception {
    Path root = MsgLogFixtures.copy("crc-bad", tmp);
    Map<String, byte[]> before = MsgLogFixtures.snapshot(root);
    MsgLogVerifier.VerifyResult r = verify(root.resolve("foo"));
    assertThat(r.findings()).singleElement().satisfies(f -> {
      assertThat(f.file().getFileName().toString()).isEqualTo("msgs.1.dat");
      assertThat(f.problem()).contains("CRC");
      assertThat(f.offset()).isLessThanOrEqualTo(140000).isGreaterThan(139000);
    });
    assertThat(r.records()).isEqualTo(999);
    Map<String, byte[]> after = MsgLogFixtures.snapshot(root);
    before.forEach((k, v) -> assertThat(after.get(k)).isEqualTo(v));
  }

  @Test
  void tornTailAndMissingIndexAreReported() throws Exception {
    MsgLogVerifier.VerifyResult torn = verify(MsgLogFixtures.ROOT.resolve("torn-tail/store/orders"));
    assertThat(torn.findings()).anySatisfy(f -> assertThat(f.problem()).contains("incomplete"));
    assertThat(torn.findings()).anySatisfy(f -> assertThat(f.problem()).contains("1000 entries"));
    MsgLogVerifier.VerifyResult noIdx = verify(MsgLogFixtures.ROOT.resolve("no-index/store/foo"));
    assertThat(noIdx.findings()).singleElement()
        .satisfies(f -> assertThat(f.problem()).contains("index file missing"));
  }
}
