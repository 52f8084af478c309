package io.streamstore.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.streamstore.Stores;
import io.streamstore.crypto.StoreEncryption;
import io.streamstore.file.fixtures.BasicWorkload;
import io.streamstore.file.fixtures.Fixtures;
import io.streamstore.proto.MsgProto;
import io.streamstore.spi.DecryptionException;
import io.streamstore.spi.MsgStore;
import io.streamstore.spi.RecoveredState;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreLimits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Encryption at rest, both ways with NATS Streaming's {@code CryptoStore}: the {@code encrypted-aes}
 * and {@code encrypted-chacha} directories it wrote open here to exactly their {@code expected.json};
 * the {@code basic} workload encrypted here gives the same recovered state (sizes included) and every
 * payload decrypts with an independent implementation of the documented format written below.
 */
class EncryptedNatsFixtureTest {

  /** The fixtures' key (see their README). */
  static final String KEY = "streamstore-fixture-key";

  @TempDir Path tmp;

  static Properties key(String k) {
    Properties p = new Properties();
    p.setProperty(StoreEncryption.KEY, k);
    return p;
  }

  static Store open(Path dir, String cipher, String key) {
    Store s = Stores.open("streamstore:file:" + dir + "?encrypt=true&cipher=" + cipher, key(key));
    s.setLimits(StoreLimits.UNLIMITED);
    return s;
  }

  @ParameterizedTest(name = "{0} opened with {1}")
  @CsvSource({"encrypted-aes, AES", "encrypted-aes, CHACHA", "encrypted-chacha, CHACHA",
      "encrypted-chacha, auto"})
  void natsEncryptedFixtureRecoversToItsExpectedState(String fixture, String cipher) {
    Path dir = Fixtures.copy(fixture, tmp.resolve(fixture));
    try (Store s = open(dir, cipher, KEY)) {
      Fixtures.expected(fixture, "expected.json").assertMatches(s.recover().orElseThrow());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"encrypted-aes", "encrypted-chacha"})
  void wrongKeyFailsOnTheFirstReadNamingChannelAndSequenceWithoutTheKey(String fixture) {
    Path dir = Fixtures.copy(fixture, tmp.resolve(fixture));
    String wrong = "not-the-fixture-key";
    try (Store s = open(dir, "AES", wrong)) {
      assertThatThrownBy(s::recover)
          .isInstanceOfSatisfying(DecryptionException.class, e -> {
            assertThat(List.of("foo", "bar.baz", "orders")).contains(e.channel());
            assertThat(e.sequence()).isEqualTo(1000);
            assertThat(e.getMessage())
                .contains("message 1000 of channel '" + e.channel() + "'", "key")
                .doesNotContain(wrong).doesNotContain(KEY);
          });
      assertThat(s.toString()).doesNotContain(wrong);
    }
  }

  @Test
  void withoutEncryptionTheCiphertextReadsBackAsStored() {
    Path dir = Fixtures.copy("encrypted-aes", tmp.resolve("raw"));
    try (Store s = Stores.open("streamstore:file:" + dir)) {
      s.setLimits(StoreLimits.UNLIMITED);
      MsgProto m = s.recover().orElseThrow().channels().get("foo").channel().msgs().lookup(1)
          .orElseThrow();
      assertThat(m.getData().byteAt(0)).isEqualTo((byte) 1);
      assertThat(m.getData().size())
          .isEqualTo(BasicWorkload.message("foo", 1).getData().size() + 29);
    }
  }

  @ParameterizedTest
  @CsvSource({"AES, encrypted-aes", "CHACHA, encrypted-chacha"})
  void workloadEncryptedHereIsWhatNatsWritesAndDecryptsIndependently(String cipher, String fixture)
      throws Exception {
    Path ours = tmp.resolve("ours");
    try (Store s = open(ours, cipher, KEY)) {
      assertThat(s.recover()).isEmpty();
      BasicWorkload.apply(s);
    }
    // the same state as NATS Streaming's encrypted store, sizes of the encrypted records included
    try (Store s = open(ours, cipher, KEY)) {
      Fixtures.expected(fixture, "expected.json").assertMatches(s.recover().orElseThrow());
    }
    // only the message files differ from the plain store's
    Path basic = Fixtures.original("basic");
    for (String f : List.of("server.dat", "clients.dat", "foo/subs.dat", "bar.baz/subs.dat",
        "orders/subs.dat")) {
      assertThat(Files.readAllBytes(ours.resolve(f))).as(f).isEqualTo(Files.readAllBytes(basic.resolve(f)));
    }
    // every payload, read raw, decrypts with the documented format
    byte expectedCode = (byte) (cipher.equals("AES") ? 1 : 2);
    Set<String> nonces = new HashSet<>();
    try (FileStore raw = FileStore.open(ours, FileStoreOptions.DEFAULTS, StoreLimits.UNLIMITED)) {
      RecoveredState state = raw.recover().orElseThrow();
      for (String ch : BasicWorkload.CHANNELS) {
        MsgStore ms = state.channels().get(ch).channel().msgs();
        for (long seq = 1; seq <= BasicWorkload.MESSAGES; seq++) {
          MsgProto stored = ms.lookup(seq).orElseThrow();
          MsgProto want = BasicWorkload.message(ch, seq);
          assertThat(stored.toBuilder().clearData().build()).isEqualTo(want.toBuilder().clearData().build());
          byte[] data = stored.getData().toByteArray();
          assertThat(data[0]).isEqualTo(expectedCode);
          assertThat(nonces.add(ch + "/" + Arrays.toString(Arrays.copyOfRange(data, 1, 13)))).isTrue();
          assertThat(ReferenceCryptoStore.decrypt(KEY.getBytes(StandardCharsets.UTF_8), ch, data))
              .as("%s %d", ch, seq).isEqualTo(want.getData().toByteArray());
        }
      }
    }
  }

  @Test
  void nonceIsNotReusedWhenACrashLosesUnsyncedMessages() throws Exception {
    Path live = tmp.resolve("live");
    try (Store s = open(live, "AES", KEY)) {
      s.recover();
      s.init(BasicWorkload.serverInfo());
      var foo = s.createChannel("foo").msgs();
      for (long seq = 1; seq <= 100; seq++) {
        foo.store(msg(seq, "synced"));
      }
    }
    // the state on disk at the last sync: what a crash right after it leaves
    Path synced = Fixtures.copyTree(live, tmp.resolve("synced"));
    Set<String> lost = new HashSet<>();
    try (Store s = open(live, "AES", KEY)) {
      var foo = s.recover().orElseThrow().channels().get("foo").channel().msgs();
      for (long seq = 101; seq <= 150; seq++) {
        foo.store(msg(seq, "lost"));
      }
    }
    lost.addAll(nonces(live, 101, 150));
    assertThat(lost).hasSize(50);
    // the crash lost 101..150; the next run stores other messages under the same sequences
    try (Store s = open(synced, "AES", KEY)) {
      var foo = s.recover().orElseThrow().channels().get("foo").channel().msgs();
      assertThat(foo.lastSequence()).isEqualTo(100);
      for (long seq = 101; seq <= 150; seq++) {
        foo.store(msg(seq, "after the crash"));
      }
      assertThat(foo.lookup(120).orElseThrow().getData().toStringUtf8())
          .isEqualTo("after the crash 120");
    }
    List<String> after = nonces(synced, 1, 150);
    assertThat(new HashSet<>(after)).hasSize(150);
    assertThat(after).doesNotContainAnyElementsOf(lost);
  }

  private static MsgProto msg(long seq, String text) {
    return MsgProto.newBuilder().setSequence(seq).setSubject("foo").setTimestamp(seq)
        .setData(ByteString.copyFromUtf8(text + " " + seq)).build();
  }

  private static List<String> nonces(Path dir, long from, long to) {
    try (FileStore raw = FileStore.open(dir, FileStoreOptions.DEFAULTS, StoreLimits.UNLIMITED)) {
      MsgStore ms = raw.recover().orElseThrow().channels().get("foo").channel().msgs();
      List<String> out = new java.util.ArrayList<>();
      for (long seq = from; seq <= to; seq++) {
        byte[] d = ms.lookup(seq).orElseThrow().getData().toByteArray();
        out.add(Arrays.toString(Arrays.copyOfRange(d, 1, 13)));
      }
      return out;
    }
  }

  /**
   * The format as the fixtures README documents it, written independently of the main code: code
   * byte, 12-byte nonce, ciphertext and tag; key SHA-256(33 + len zero bytes, SHA-256(key), '.',
   * channel); the algorithm chosen by the code.
   */
  static final class ReferenceCryptoStore {
    static byte[] decrypt(byte[] key, String channel, byte[] payload) throws Exception {
      byte[] name = channel.getBytes(StandardCharsets.UTF_8);
      byte[] mk = MessageDigest.getInstance("SHA-256").digest(key);
      byte[] input = new byte[33 + name.length + mk.length + 1 + name.length];
      System.arraycopy(mk, 0, input, 33 + name.length, mk.length);
      input[33 + name.length + mk.length] = '.';
      System.arraycopy(name, 0, input, 33 + name.length + mk.length + 1, name.length);
      byte[] ck = MessageDigest.getInstance("SHA-256").digest(input);
      byte[] nonce = Arrays.copyOfRange(payload, 1, 13);
      Cipher c;
      if (payload[0] == 1) {
        c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(ck, "AES"), new GCMParameterSpec(128, nonce));
      } else if (payload[0] == 2) {
        c = Cipher.getInstance("ChaCha20-Poly1305");
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(ck, "ChaCha20"), new IvParameterSpec(nonce));
      } else {
        return payload;
      }
      return c.doFinal(payload, 13, payload.length - 13);
    }
  }
}
