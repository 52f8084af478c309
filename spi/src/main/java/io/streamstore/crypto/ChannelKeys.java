package io.streamstore.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * NATS Streaming's per-channel key derivation: {@code M = SHA-256(key)}, and for channel {@code c}
 * {@code K(c) = SHA-256(Z ‖ M ‖ "." ‖ c)} where {@code Z} is {@code 33 + len(c)} zero bytes (the Go
 * code sizes a buffer and then appends to it, so the zeros are hashed). Both ciphers use {@code K(c)}.
 */
final class ChannelKeys {

  private ChannelKeys() {}

  /** The 32-byte key of {@code channel} under the master hash {@code master}. */
  static byte[] channelKey(byte[] master, String channel) {
    byte[] name = channel.getBytes(StandardCharsets.UTF_8);
    MessageDigest sha = sha256();
    sha.update(new byte[33 + name.length]);
    sha.update(master);
    sha.update((byte) '.');
    sha.update(name);
    return sha.digest();
  }

  static byte[] sha256(byte[] data) {
    return sha256().digest(data);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
