package io.streamstore.crypto;

import java.nio.charset.StandardCharsets;

/**
 * The secret a store is encrypted with, as NATS Streaming takes it: any bytes (its
 * {@code -encryption_key} string as UTF-8). Kept out of every printed form: {@link #toString()} says
 * only that it is redacted, and nothing derived from it is ever put into a message.
 */
public final class EncryptionKey {

  private final byte[] bytes;

  private EncryptionKey(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * A key from raw bytes (copied).
   *
   * @throws IllegalArgumentException for an empty key
   */
  public static EncryptionKey of(byte[] bytes) {
    if (bytes.length == 0) {
      throw new IllegalArgumentException("the encryption key is empty");
    }
    return new EncryptionKey(bytes.clone());
  }

  /** A key from a text, as its UTF-8 bytes (what NATS Streaming does with its option). */
  public static EncryptionKey of(String text) {
    return of(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The master hash SHA-256(key) from which each channel's key is derived. */
  byte[] master() {
    return ChannelKeys.sha256(bytes);
  }

  /** Whether {@code other} holds the same bytes (constant time). */
  boolean sameAs(EncryptionKey other) {
    return java.security.MessageDigest.isEqual(bytes, other.bytes);
  }

  @Override
  public String toString() {
    return "EncryptionKey[redacted]";
  }
}
