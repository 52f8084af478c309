package io.streamstore.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamstore.spi.DecryptionException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The payload format, one channel at a time: layout, round trip, the cipher chosen by the code. */
class ChannelCipherTest {

  private static final byte[] MASTER = EncryptionKey.of("k").master();

  @ParameterizedTest
  @EnumSource(PayloadCipher.class)
  void payloadIsCodeNonceCiphertextTagAndRoundTrips(PayloadCipher cipher) {
    ChannelCipher c = new ChannelCipher("foo", MASTER, cipher);
    byte[] plain = "hello world".getBytes(StandardCharsets.UTF_8);
    byte[] enc = c.encrypt(7, plain);
    assertThat(enc).hasSize(plain.length + 29);
    assertThat(enc[0]).isEqualTo(cipher.code());
    assertThat(c.decrypt(7, enc)).isEqualTo(plain);
    // the reader picks the cipher by the code, not by its configured one
    PayloadCipher other = cipher == PayloadCipher.AES ? PayloadCipher.CHACHA : PayloadCipher.AES;
    assertThat(new ChannelCipher("foo", MASTER, other).decrypt(7, enc)).isEqualTo(plain);
  }

  @Test
  void anotherChannelOrKeyCannotDecryptAndSaysWhich() {
    byte[] enc = new ChannelCipher("foo", MASTER, PayloadCipher.AES).encrypt(3, new byte[] {9, 9});
    assertThatThrownBy(() -> new ChannelCipher("bar", MASTER, PayloadCipher.AES).decrypt(3, enc))
        .isInstanceOfSatisfying(DecryptionException.class, e -> {
          assertThat(e.channel()).isEqualTo("bar");
          assertThat(e.sequence()).isEqualTo(3);
          assertThat(e.getMessage()).contains("message 3 of channel 'bar'", "AES-256-GCM");
        });
    byte[] otherMaster = EncryptionKey.of("K").master();
    assertThatThrownBy(() -> new ChannelCipher("foo", otherMaster, PayloadCipher.AES).decrypt(3, enc))
        .isInstanceOf(DecryptionException.class);
  }

  @Test
  void payloadsWithoutACodeAreReturnedAsTheyAreAndTruncatedOnesFail() {
    ChannelCipher c = new ChannelCipher("foo", MASTER, PayloadCipher.AES);
    byte[] plain = {0, 1, 2};
    assertThat(c.decrypt(1, plain)).isSameAs(plain);
    assertThatThrownBy(() -> c.decrypt(1, new byte[] {1, 2, 3}))
        .isInstanceOf(DecryptionException.class).hasMessageContaining("only 3 bytes");
  }

  @Test
  void differentMessagesGetDifferentNoncesAndTheSameMessageTheSameCiphertext() {
    ChannelCipher c = new ChannelCipher("foo", MASTER, PayloadCipher.AES);
    byte[] a = c.encrypt(5, new byte[] {1});
    byte[] b = c.encrypt(5, new byte[] {2});
    byte[] a2 = c.encrypt(5, new byte[] {1});
    byte[] next = c.encrypt(6, new byte[] {1});
    assertThat(nonce(a)).isNotEqualTo(nonce(b)).isNotEqualTo(nonce(next));
    assertThat(a2).isEqualTo(a);
    // a fresh instance (a reopened store) derives the same, independent of any counter state
    assertThat(new ChannelCipher("foo", MASTER, PayloadCipher.AES).encrypt(5, new byte[] {2}))
        .isEqualTo(b);
  }

  private static byte[] nonce(byte[] enc) {
    return Arrays.copyOfRange(enc, 1, 13);
  }
}
