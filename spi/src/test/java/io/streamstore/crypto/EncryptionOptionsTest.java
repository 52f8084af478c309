package io.streamstore.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamstore.StoreUrl;
import io.streamstore.Stores;
import io.streamstore.spi.InvalidOptionException;
import io.streamstore.spi.Store;
import io.streamstore.testdriver.EchoDriver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The encryption options: where the key may come from (never the URL), that the backend sees none
 * of them, and that no error or {@code toString()} carries the key.
 */
class EncryptionOptionsTest {

  private static final String SECRET = "s3cret-key-material";

  @TempDir Path tmp;

  private static Optional<EncryptionRequest> parse(String url, Properties p, Map<String, String> env) {
    return EncryptionRequest.parse(StoreUrl.parse(url), p, env::get);
  }

  private static Properties props(String... kv) {
    Properties p = new Properties();
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return p;
  }

  @Test
  void noEncryptionOptionLeavesUrlAndPropertiesAlone() {
    assertThat(parse("streamstore:echo:x?flag=true", props("greeting", "hi"), Map.of())).isEmpty();
  }

  @Test
  void keyInTheUrlIsRefusedWithoutQuotingIt() {
    assertThatThrownBy(() -> parse("streamstore:echo:x?encrypt=true&encryptionKey=" + SECRET,
            props(), Map.of()))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("must not be given in the URL")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
  }

  @Test
  void backendGetsTheUrlAndPropertiesWithoutTheEncryptionOptions() {
    Store s = Stores.open("streamstore:echo:x?encrypt=true&flag=true&cipher=CHACHA",
        props(StoreEncryption.KEY, SECRET, "greeting", "hi"));
    assertThat(s).isInstanceOf(EncryptedStore.class);
    assertThat(s.toString()).contains("ChaCha20-Poly1305").doesNotContain(SECRET);
    EncryptionRequest r = parse("streamstore:echo:x?encrypt=true&flag=true&cipher=CHACHA",
        props(StoreEncryption.KEY, SECRET, "greeting", "hi"), Map.of()).orElseThrow();
    assertThat(r.innerUrl().url()).isEqualTo("streamstore:echo:x?flag=true");
    assertThat(r.innerUrl().rawQuery()).isEqualTo("flag=true");
    assertThat(r.innerProperties()).containsOnlyKeys("greeting");
    assertThat(r.cipher()).isEqualTo(PayloadCipher.CHACHA);
    assertThat(r.toString()).doesNotContain(SECRET);
    assertThat(r.key().toString()).doesNotContain(SECRET);
    EncryptionRequest only = parse("streamstore:echo:x?encrypt=true", props(StoreEncryption.KEY,
        SECRET), Map.of()).orElseThrow();
    assertThat(only.innerUrl().url()).isEqualTo("streamstore:echo:x");
    assertThat(((EchoDriver.EchoStore) Stores.open("streamstore:echo:x?encrypt=false&flag=true"))
        .url().url()).isEqualTo("streamstore:echo:x?flag=true");
  }

  @Test
  void autoAndNoCipherWriteAes() {
    for (String url : new String[] {"streamstore:echo:x?encrypt=true",
        "streamstore:echo:x?encrypt=true&cipher=auto"}) {
      assertThat(parse(url, props(StoreEncryption.KEY, SECRET), Map.of()).orElseThrow().cipher())
          .isEqualTo(PayloadCipher.AES);
    }
  }

  @Test
  void keyFromFileDropsOneTrailingLineBreak() throws Exception {
    Path f = tmp.resolve("key");
    Files.write(f, (SECRET + "\r\n").getBytes(StandardCharsets.UTF_8));
    EncryptionKey fromFile = parse("streamstore:echo:x?encrypt=true&encryptionKeyFile=" + f,
        props(), Map.of()).orElseThrow().key();
    assertThat(fromFile.sameAs(EncryptionKey.of(SECRET))).isTrue();
  }

  @Test
  void keyFromTheNatsVariableOrANamedOne() {
    EncryptionKey nats = parse("streamstore:echo:x?encrypt=true", props(),
        Map.of(StoreEncryption.NATS_KEY_ENV, SECRET)).orElseThrow().key();
    assertThat(nats.sameAs(EncryptionKey.of(SECRET))).isTrue();
    EncryptionKey named = parse("streamstore:echo:x?encrypt=true&encryptionKeyEnv=OLD_KEY", props(),
        Map.of(StoreEncryption.NATS_KEY_ENV, "other", "OLD_KEY", SECRET)).orElseThrow().key();
    assertThat(named.sameAs(EncryptionKey.of(SECRET))).isTrue();
    EncryptionKey explicit = parse("streamstore:echo:x?encrypt=true",
        props(StoreEncryption.KEY, SECRET), Map.of(StoreEncryption.NATS_KEY_ENV, "other"))
        .orElseThrow().key();
    assertThat(explicit.sameAs(EncryptionKey.of(SECRET))).isTrue();
  }

  @Test
  void missingEmptyOrUnreadableKeysAreClearErrors() {
    assertThatThrownBy(() -> parse("streamstore:echo:x?encrypt=true", props(), Map.of()))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("NATS_STREAMING_ENCRYPTION_KEY (not set)");
    assertThatThrownBy(() -> parse("streamstore:echo:x?encrypt=true&encryptionKeyFile="
            + tmp.resolve("nope"), props(), Map.of()))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("cannot read the encryption key file");
    assertThatThrownBy(() -> parse("streamstore:echo:x?encrypt=true&encryptionKeyFile=/k",
            props(StoreEncryption.KEY, SECRET), Map.of()))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("once")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
  }

  @Test
  void badCipherAndOptionsWithoutEncryptAreRefused() {
    assertThatThrownBy(() -> parse("streamstore:echo:x?encrypt=true&cipher=DES",
            props(StoreEncryption.KEY, SECRET), Map.of()))
        .isInstanceOf(InvalidOptionException.class).hasMessageContaining("AES, CHACHA or auto");
    assertThatThrownBy(() -> parse("streamstore:echo:x?cipher=AES", props(), Map.of()))
        .isInstanceOf(InvalidOptionException.class).hasMessageContaining("only apply with encrypt=true");
    assertThatThrownBy(() -> parse("streamstore:echo:x?encrypt=yes", props(), Map.of()))
        .isInstanceOf(InvalidOptionException.class).hasMessageContaining("true or false");
  }
}
