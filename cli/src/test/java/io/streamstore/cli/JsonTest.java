package io.streamstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void writesNestedValuesAndEscapes() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("s", "a\"b\\c\nd\u0001");
    m.put("n", 42L);
    m.put("d", 1.23456);
    m.put("whole", 2.0);
    m.put("b", true);
    m.put("null", null);
    m.put("list", List.of(1, "x"));
    assertThat(Json.write(m)).isEqualTo(
        "{\"s\":\"a\\\"b\\\\c\\nd\\u0001\",\"n\":42,\"d\":1.235,\"whole\":2,\"b\":true,"
            + "\"null\":null,\"list\":[1,\"x\"]}");
  }

  @Test
  void payloadsArePrintableTextOrBase64() {
    assertThat(Payloads.asText(com.google.protobuf.ByteString.copyFromUtf8("héllo\tworld")))
        .isEqualTo("héllo\tworld");
    assertThat(Payloads.asText(com.google.protobuf.ByteString.copyFrom(new byte[] {0, 1, 2})))
        .isNull();
    assertThat(Payloads.asText(com.google.protobuf.ByteString.copyFrom(new byte[] {(byte) 0xC3})))
        .isNull();
    assertThat(Payloads.asBase64(com.google.protobuf.ByteString.copyFrom(new byte[] {0, 1, 2})))
        .isEqualTo("AAEC");
  }
}
