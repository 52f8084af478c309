package io.streamstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamstore.Stores;
import io.streamstore.proto.MsgProto;
import io.streamstore.spi.MsgStore;
import io.streamstore.spi.RecoveredState;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreLimits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code copy} out of a directory encrypted by NATS Streaming's {@code CryptoStore}: decrypted into a
 * plain store, re-encrypted under another cipher and key, or copied as ciphertext; resumable, and
 * checked by the copy's own comparison.
 */
class EncryptedCopyTest {

  static final List<String> CHANNELS = List.of("foo", "bar.baz", "orders");

  @TempDir Path tmp;
  Path fixtureKey;
  Path otherKey;
  String source;

  @BeforeEach
  void setUp() throws Exception {
    fixtureKey = Files.writeString(tmp.resolve("fixture.key"), "streamstore-fixture-key\n");
    otherKey = Files.writeString(tmp.resolve("other.key"), "a completely different key");
    Path dir = Fixtures.copy("encrypted-aes", tmp);
    source = "streamstore:file:" + dir + "?encrypt=true&encryptionKeyFile=" + fixtureKey;
  }

  @ParameterizedTest
  @ValueSource(strings = {"encrypted-aes", "encrypted-chacha"})
  void decryptsIntoAPlainStoreResumably(String fixture) {
    String source = "streamstore:file:" + Fixtures.copy(fixture, tmp.resolve("src"))
        + "?encrypt=true&encryptionKeyFile=" + fixtureKey;
    String target = "streamstore:file:" + tmp.resolve("plain");
    CliRun run = CliRun.of("copy", source, target);
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("copied 3,000 message(s) (0 already there)").contains("verified:");
    assertEveryMessage(target, false);
    CliRun again = CliRun.of("copy", source, target);
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.out()).contains("copied 0 message(s) (3,000 already there)");
  }

  @Test
  void reencryptsWithAnotherCipherAndKey() {
    String target = "streamstore:file:" + tmp.resolve("chacha")
        + "?encrypt=true&cipher=CHACHA&encryptionKeyFile=" + otherKey;
    CliRun run = CliRun.of("copy", source, target);
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("verified:");
    assertEveryMessage(target, false);
    assertEveryMessage("streamstore:file:" + tmp.resolve("chacha"), true);
  }

  @Test
  void withoutEncryptOptionsTheCiphertextIsCopiedAsItIs() {
    String plainSource = source.substring(0, source.indexOf('?'));
    String target = "streamstore:jdbc:h2:" + tmp.resolve("h2");
    CliRun run = CliRun.of("copy", plainSource, target);
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertEveryMessage(target + "?encrypt=true&encryptionKeyFile=" + fixtureKey, false);
  }

  /** Every message reads back as the fixture workload wrote it (or, raw, starts with ChaCha's code). */
  private static void assertEveryMessage(String url, boolean raw) {
    try (Store s = Stores.open(url)) {
      s.setLimits(StoreLimits.UNLIMITED);
      RecoveredState state = s.recover().orElseThrow();
      for (String ch : CHANNELS) {
        MsgStore ms = state.channels().get(ch).channel().msgs();
        assertThat(ms.state().count()).isEqualTo(1000);
        for (long seq = 1; seq <= 1000; seq++) {
          MsgProto m = ms.lookup(seq).orElseThrow();
          if (raw) {
            assertThat(m.getData().byteAt(0)).isEqualTo((byte) 2);
            assertThat(m.getData().size()).isEqualTo(payload(ch, seq).length + 29);
          } else {
            assertThat(m.getData().toByteArray()).as("%s %d", ch, seq).isEqualTo(payload(ch, seq));
          }
        }
      }
    }
  }

  /** The fixtures' payload of message {@code seq} of {@code ch} (their README). */
  private static byte[] payload(String ch, long seq) {
    int chLen = ch.getBytes(StandardCharsets.UTF_8).length;
    byte[] b = new byte[(int) ((seq * 37) % 500 + chLen)];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) ((seq * 31 + i + chLen) & 0xff);
    }
    return b;
  }
}
