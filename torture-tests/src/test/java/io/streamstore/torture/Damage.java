package io.streamstore.torture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * T4's ways of damaging one file: bit flips, overwritten bytes, zeroed ranges, truncation at every
 * kind of offset (inside the version header, at it, inside a record header, at a record-size
 * multiple, anywhere, one byte short), and deleted chunks. Deterministic for a given random source.
 */
final class Damage {

  /** The kinds, for the summary line. */
  enum Kind { BIT_FLIP, OVERWRITE, ZERO_RANGE, TRUNCATE, DELETE_CHUNK }

  private Damage() {}

  /** Damages {@code file} in place; returns a short description (kind and offsets) for replay logs. */
  static String apply(Path file, Kind kind, SplittableRandom r) throws IOException {
    byte[] b = Files.readAllBytes(file);
    if (b.length == 0) {
      Files.write(file, new byte[] {(byte) (1 + r.nextInt(255))});
      return kind + " (empty file: wrote 1 byte)";
    }
    String what;
    switch (kind) {
      case BIT_FLIP -> {
        int flips = 1 + r.nextInt(3);
        StringBuilder sb = new StringBuilder("BIT_FLIP");
        for (int i = 0; i < flips; i++) {
          int at = r.nextInt(b.length);
          int bit = r.nextInt(8);
          b[at] ^= (byte) (1 << bit);
          sb.append(' ').append(at).append('.').append(bit);
        }
        what = sb.toString();
      }
      case OVERWRITE -> {
        int at = r.nextInt(b.length);
        int len = Math.min(b.length - at, 1 + r.nextInt(16));
        for (int i = 0; i < len; i++) {
          b[at + i] = (byte) r.nextInt(256);
        }
        what = "OVERWRITE " + at + "+" + len;
      }
      case ZERO_RANGE -> {
        int at = r.nextInt(b.length);
        int len = Math.min(b.length - at, 1 + r.nextInt(r.nextBoolean() ? 8 : 512));
        Arrays.fill(b, at, at + len, (byte) 0);
        what = "ZERO_RANGE " + at + "+" + len;
      }
      case TRUNCATE -> {
        int[] classes = {0, 1, 3, 4, 5, 8, 11, 12, 36, b.length - 1, b.length / 2,
            r.nextInt(b.length), 4 + 32 * r.nextInt(Math.max(1, b.length / 32))};
        int at = Math.max(0, Math.min(b.length - 1, classes[r.nextInt(classes.length)]));
        b = Arrays.copyOf(b, at);
        what = "TRUNCATE at " + at;
      }
      default -> {
        int at = r.nextInt(b.length);
        int len = Math.min(b.length - at, 1 + r.nextInt(64));
        byte[] out = new byte[b.length - len];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(b, at + len, out, at, b.length - at - len);
        b = out;
        what = "DELETE_CHUNK " + at + "+" + len;
      }
    }
    Files.write(file, b);
    return what;
  }
}
