package io.streamstore.crypto;

import java.security.spec.AlgorithmParameterSpec;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;

/**
 * The two ciphers of NATS Streaming's {@code CryptoStore}, with the code byte that starts every
 * encrypted payload. Both are authenticated (a 16-byte tag), use a 12-byte nonce and a 32-byte key,
 * and are provided by the JDK.
 */
public enum PayloadCipher {
  /** AES-256-GCM, code {@code 0x01}. */
  AES((byte) 1, "AES/GCM/NoPadding", "AES", "AES-256-GCM"),
  /** ChaCha20-Poly1305 as in RFC 8439, code {@code 0x02}. */
  CHACHA((byte) 2, "ChaCha20-Poly1305", "ChaCha20", "ChaCha20-Poly1305");

  /** Bytes of the nonce stored after the code byte. */
  public static final int NONCE_LENGTH = 12;

  /** Bytes of the authentication tag after the ciphertext. */
  public static final int TAG_LENGTH = 16;

  /** Bytes an encrypted payload has more than its plaintext: code, nonce and tag. */
  public static final int OVERHEAD = 1 + NONCE_LENGTH + TAG_LENGTH;

  private final byte code;
  private final String transformation;
  private final String keyAlgorithm;
  private final String displayName;

  PayloadCipher(byte code, String transformation, String keyAlgorithm, String displayName) {
    this.code = code;
    this.transformation = transformation;
    this.keyAlgorithm = keyAlgorithm;
    this.displayName = displayName;
  }

  /** The first byte of a payload encrypted with this cipher. */
  public byte code() {
    return code;
  }

  /** The cipher whose code is {@code b}, or empty for a payload that is not encrypted. */
  public static Optional<PayloadCipher> fromCode(byte b) {
    for (PayloadCipher c : values()) {
      if (c.code == b) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /**
   * The cipher named {@code AES} or {@code CHACHA} (any case, as NATS Streaming's {@code
   * -encryption_cipher}), or empty for {@code auto}.
   *
   * @throws IllegalArgumentException for any other name
   */
  public static Optional<PayloadCipher> parse(String name) {
    String n = name.trim().toUpperCase(Locale.ROOT);
    return switch (n) {
      case "AUTO", "" -> Optional.empty();
      case "AES", "AES-256-GCM" -> Optional.of(AES);
      case "CHACHA", "CHACHA20", "CHACHA20-POLY1305" -> Optional.of(CHACHA);
      default -> throw new IllegalArgumentException(name);
    };
  }

  String transformation() {
    return transformation;
  }

  String keyAlgorithm() {
    return keyAlgorithm;
  }

  AlgorithmParameterSpec parameters(byte[] nonce) {
    return this == AES ? new GCMParameterSpec(TAG_LENGTH * 8, nonce) : new IvParameterSpec(nonce);
  }

  @Override
  public String toString() {
    return displayName;
  }
}
