package io.streamstore.cli;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Shows a payload as text when it is valid UTF-8 without control characters (other than tab and
 * newlines), and as base64 otherwise, so dumps are readable and still lossless.
 */
final class Payloads {

  private Payloads() {}

  /** The payload as UTF-8 text, or {@code null} when it is not printable. */
  static String asText(ByteString data) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(data.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
        return null;
      }
    }
    return text;
  }

  /** The payload in base64. */
  static String asBase64(ByteString data) {
    return Base64.getEncoder().encodeToString(data.toByteArray());
  }
}
