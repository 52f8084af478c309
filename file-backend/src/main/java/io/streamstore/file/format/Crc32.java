package io.streamstore.file.format;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * A CRC-32 with a configurable polynomial, computing what Go's {@code crc32.Checksum(data,
 * crc32.MakeTable(poly))} computes. The polynomial is given in reversed (LSB-first) form, as Go does:
 * IEEE is {@code 0xedb88320}, Castagnoli {@code 0x82f63b78}; those two use the JDK's intrinsic
 * {@link CRC32} and {@link CRC32C}, any other one a 256-entry table.
 *
 * <p>An instance is <b>not</b> thread-safe (it reuses one JDK checksum object so that computing a
 * checksum allocates nothing): each writer or reader creates its own with {@link #of(long)}. The
 * static {@link #ieee(ByteBuffer, int, int)} is thread-safe.
 */
public final class Crc32 {

  /** The IEEE polynomial, reversed. */
  public static final long IEEE = 0xedb88320L;

  /** The Castagnoli polynomial, reversed. */
  public static final long CASTAGNOLI = 0x82f63b78L;

  private static final int[] IEEE_TABLE = table((int) IEEE);

  private final long polynomial;
  private final Checksum jdk; // null when the table is used
  private final int[] table;

  private Crc32(long polynomial) {
    this.polynomial = polynomial;
    if (polynomial == IEEE) {
      jdk = new CRC32();
      table = null;
    } else if (polynomial == CASTAGNOLI) {
      jdk = new CRC32C();
      table = null;
    } else {
      jdk = null;
      table = table((int) polynomial);
    }
  }

  /**
   * A new calculator for {@code polynomial}.
   *
   * @throws IllegalArgumentException unless 1 &lt;= polynomial &lt;= 0xffffffff
   */
  public static Crc32 of(long polynomial) {
    if (polynomial <= 0 || polynomial > 0xFFFFFFFFL) {
      throw new IllegalArgumentException("CRC-32 polynomial out of range: " + polynomial);
    }
    return new Crc32(polynomial);
  }

  /** The polynomial (reversed form). */
  public long polynomial() {
    return polynomial;
  }

  /**
   * CRC-32 of {@code length} bytes of {@code buf} from absolute index {@code offset}. The buffer's
   * position and limit are left as they were.
   */
  public int compute(ByteBuffer buf, int offset, int length) {
    if (jdk == null) {
      return tableCrc(table, buf, offset, length);
    }
    int pos = buf.position();
    int lim = buf.limit();
    try {
      buf.limit(offset + length).position(offset);
      jdk.reset();
      jdk.update(buf);
      return (int) jdk.getValue();
    } finally {
      buf.limit(lim).position(pos);
    }
  }

  /** CRC-32 of {@code length} bytes of {@code bytes} from {@code offset}. */
  public int compute(byte[] bytes, int offset, int length) {
    if (jdk == null) {
      int crc = ~0;
      for (int i = offset; i < offset + length; i++) {
        crc = table[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
      }
      return ~crc;
    }
    jdk.reset();
    jdk.update(bytes, offset, length);
    return (int) jdk.getValue();
  }

  /**
   * IEEE CRC-32 of a short range (the index record's own checksum), table-driven and thread-safe.
   */
  public static int ieee(ByteBuffer buf, int offset, int length) {
    return tableCrc(IEEE_TABLE, buf, offset, length);
  }

  private static int tableCrc(int[] table, ByteBuffer buf, int offset, int length) {
    int crc = ~0;
    for (int i = offset; i < offset + length; i++) {
      crc = table[(crc ^ buf.get(i)) & 0xff] ^ (crc >>> 8);
    }
    return ~crc;
  }

  private static int[] table(int poly) {
    int[] t = new int[256];
    for (int i = 0; i < 256; i++) {
      int crc = i;
      for (int j = 0; j < 8; j++) {
        crc = (crc & 1) != 0 ? (crc >>> 1) ^ poly : crc >>> 1;
      }
      t[i] = crc;
    }
    return t;
  }
}
