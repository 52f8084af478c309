package io.streamstore.jetstream;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Derives JetStream names from channel names and client ids, which may hold characters stream names
 * and bucket keys cannot ({@code .}, Unicode, punctuation).
 *
 * <p>A derived name is {@code <readable>_<hash>}: the readable part keeps ASCII letters, digits and
 * {@code -}, turns {@code .} into {@code _} and every other character into {@code -}, and is cut at
 * {@value #READABLE_CHARS} characters; the hash is the first 16 hex digits (64 bits) of the SHA-256
 * of the name's UTF-8 bytes. The hash alone tells names apart, so the readable part may lose
 * information (two names differing only in case or punctuation get different hashes), and names stay
 * distinct even on a server whose file system ignores case. The original name is kept in the stream
 * description and in the state bucket, so nothing is decoded from the derived one.
 */
final class StreamNames {

  /** Longest readable part of a derived name. */
  static final int READABLE_CHARS = 64;

  private StreamNames() {}

  /** The token for {@code name}: {@code [A-Za-z0-9_-]+}, at most 81 characters. */
  static String token(String name) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < name.length() && b.length() < READABLE_CHARS; i++) {
      char c = name.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-') {
        b.append(c);
      } else if (c == '.') {
        b.append('_');
      } else {
        b.append('-');
      }
    }
    return b.append('_').append(hash(name)).toString();
  }

  /** The stream holding channel {@code channel} of the store named {@code prefix}. */
  static String stream(String prefix, String channel) {
    return prefix + "_C_" + token(channel);
  }

  /** The key-value bucket holding the store's server info, clients, channels and subscriptions. */
  static String bucket(String prefix) {
    return prefix + "_STATE";
  }

  static String hash(String name) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
