package io.streamstore.file.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class Crc32Test {

  private static final byte[] CHECK = "123456789".getBytes(StandardCharsets.US_ASCII);

  @Test
  void standardCheckValues() {
    assertThat(Crc32.of(Crc32.IEEE).compute(CHECK, 0, 9)).isEqualTo(0xCBF43926);
    assertThat(Crc32.of(Crc32.CASTAGNOLI).compute(CHECK, 0, 9)).isEqualTo(0xE3069283);
    // Koopman polynomial (reversed 0xeb31d82e), CRC-32K check value
    assertThat(Crc32.of(0xeb31d82eL).compute(CHECK, 0, 9)).isEqualTo(0x2D3DD0AE);
  }

  @Test
  void tableImplementationAgreesWithJdkForIeeeAndCastagnoli() {
    byte[] data = new byte[1000];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 7 + 3);
    }
    ByteBuffer direct = ByteBuffer.allocateDirect(1000).put(data).flip();
    CRC32 ieee = new CRC32();
    ieee.update(data, 100, 500);
    assertThat(Crc32.ieee(ByteBuffer.wrap(data), 100, 500)).isEqualTo((int) ieee.getValue());
    assertThat(Crc32.of(Crc32.IEEE).compute(direct, 100, 500)).isEqualTo((int) ieee.getValue());
    assertThat(direct.position()).isZero();
    assertThat(direct.limit()).isEqualTo(1000);
    CRC32C c = new CRC32C();
    c.update(data, 0, 1000);
    assertThat(Crc32.of(Crc32.CASTAGNOLI).compute(direct, 0, 1000)).isEqualTo((int) c.getValue());
  }

  @Test
  void polynomialOutOfRange() {
    assertThatThrownBy(() -> Crc32.of(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Crc32.of(0x1_0000_0000L)).isInstanceOf(IllegalArgumentException.class);
  }
}
