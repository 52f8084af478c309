package io.streamstore.crypto;

import io.streamstore.StoreUrl;
import io.streamstore.spi.Store;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Encryption at rest for any backend, compatible with NATS Streaming's {@code CryptoStore}: message
 * payloads are encrypted with AES-256-GCM or ChaCha20-Poly1305 under a per-channel key derived from
 * one secret, in NATS Streaming's byte format, so an encrypted NATS Streaming directory opens here and
 * a store encrypted here opens there. Subjects, reply inboxes, timestamps, sequences, clients and
 * subscriptions stay in clear, as in NATS Streaming.
 *
 * <p>{@link io.streamstore.Stores#open} applies it when a URL or the properties say {@code
 * encrypt=true}; the options ({@value #ENCRYPT}, {@value #CIPHER}, {@value #KEY}, {@value #KEY_FILE},
 * {@value #KEY_ENV}) are removed before the backend sees the rest. The key itself is never accepted
 * in the URL.
 */
public final class StoreEncryption {

  /** {@code true} to encrypt. */
  public static final String ENCRYPT = "encrypt";
  /** {@code AES}, {@code CHACHA} or {@code auto} (AES): the cipher new payloads are written with. */
  public static final String CIPHER = "cipher";
  /** The key as text (its UTF-8 bytes); a property only, refused in a URL. */
  public static final String KEY = "encryptionKey";
  /** A file holding the key (its bytes, one trailing line break ignored). */
  public static final String KEY_FILE = "encryptionKeyFile";
  /** The environment variable holding the key, by default {@value #NATS_KEY_ENV}. */
  public static final String KEY_ENV = "encryptionKeyEnv";
  /** The environment variable NATS Streaming reads its key from. */
  public static final String NATS_KEY_ENV = "NATS_STREAMING_ENCRYPTION_KEY";

  /** Every encryption option name. */
  public static final Set<String> OPTION_NAMES = Set.of(ENCRYPT, CIPHER, KEY, KEY_FILE, KEY_ENV);

  private StoreEncryption() {}

  /**
   * Wraps {@code store} so that payloads are written encrypted with {@code cipher} and read
   * decrypted (with the cipher each payload names).
   */
  public static Store wrap(Store store, PayloadCipher cipher, EncryptionKey key) {
    return new EncryptedStore(Objects.requireNonNull(store, "store"),
        Objects.requireNonNull(cipher, "cipher"), Objects.requireNonNull(key, "key"));
  }

  /**
   * Opens a store with {@code opener}, encrypted when the options ask for it: the opener gets the
   * URL and properties without the encryption options.
   *
   * @throws io.streamstore.spi.InvalidOptionException for bad encryption options (never quoting a key)
   */
  public static Store open(StoreUrl url, Properties properties,
      BiFunction<StoreUrl, Properties, Store> opener) {
    Optional<EncryptionRequest> request = EncryptionRequest.parse(url, properties, System::getenv);
    if (request.isEmpty()) {
      return opener.apply(url, properties);
    }
    EncryptionRequest r = request.get();
    Store inner = opener.apply(r.innerUrl(), r.innerProperties());
    return r.enabled() ? wrap(inner, r.cipher(), r.key()) : inner;
  }
}
