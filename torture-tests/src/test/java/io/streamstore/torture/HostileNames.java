package io.streamstore.torture;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * T8's fixed corpus of hostile channel names and client ids, grouped by class for the summary line.
 * Built in code (not a resource file) because several entries are NUL, control or unpaired characters.
 */
final class HostileNames {

  private HostileNames() {}

  /** Channel names by class. */
  static Map<String, List<String>> channels() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("traversal", List.of("../x", "a/../../x", "..", ".", "./x", "x/..", "...", "a..b"));
    m.put("absolute", List.of("/etc/x", "/tmp", "C:\\x", "C:x", "\\\\server\\share", "~root"));
    m.put("separator", List.of("\\x", "a\\b", "a/b", "a:b", "a*b", "a?b", "a|b", "a<b>", "a\"b"));
    m.put("control", List.of("a\u0000b", "\u0000", "a\nb", "a\rb", "a\tb", "\u0007", "a\u007fb",
        "a\u0085b", "a\u001bb", "a b", "a\u00a0b", "a\u2028b"));
    m.put("length", List.of("a".repeat(255), "a".repeat(256), "é".repeat(127) + "a", "é".repeat(128),
        "\ud83d\ude00".repeat(63) + "abc", "\ud83d\ude00".repeat(64), "a.".repeat(127) + "a"));
    m.put("reserved", List.of("CON", "con", "NUL", "nul.x", "AUX", "PRN", "COM1", "LPT1", "COM0",
        "CONIN$", "CON.txt", "x.CON"));
    m.put("trailing", List.of("foo.", "foo ", " foo", ".foo", "foo..bar", "foo\u3000"));
    m.put("unicode", List.of("e\u0301", "\u00e9", "\u202eevil", "\ud83d\ude00", "\ud800", "a\udc00",
        "\uFEFFbom", "\u212b", "\u00c5"));
    // invisible and bidirectional format characters: each would let a name look like "evil" or "foo"
    m.put("invisible", List.of("\u200Bfoo", "fo\u200Co", "fo\u200Do", "foo\u2060", "fo\u00ADo",
        "\u202Aevil", "\u202Bevil", "\u202Cevil", "\u202Devil", "\u2066evil\u2069", "\u2067evil",
        "\u2068evil", "evil\u200E", "evil\u200F", "evil\u061C", "foo\u180E", "fo\u3164o",
        "fo\u115Fo", "fo\uFFA0o", "fo\u034Fo", "foo\uFE0F", "foo\uDB40\uDC01",
        "foo\uDB40\uDC66\uDB40\uDC6F", "foo\uD834\uDD73", "foo\u2064"));
    m.put("sql", List.of("x';DROP_TABLE_Channels;--", "x'--", "%", "_", "a%b_c", "'", "\"quoted\"",
        "x);DELETE(", "1=1", "$1", "?"));
    m.put("wildcard", List.of("foo.*", "foo.>", "*", ">", "foo.*.bar"));
    m.put("plain", List.of("foo", "foo.bar", "Foo", "FOO", "orders.2024", "a-b_c~d"));
    return m;
  }

  /** Client ids by class (ids are data, never file names, so more is allowed). */
  static Map<String, List<String>> clients() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("traversal", List.of("../x", "/etc/passwd", "a\\b"));
    m.put("control", List.of("a\u0000b", "a\nb", "\u0007"));
    m.put("length", List.of("c".repeat(255), "c".repeat(256), "é".repeat(128)));
    m.put("sql", List.of("x'; DROP TABLE Clients;--", "' OR '1'='1", "%_%", "\"; --"));
    m.put("unicode", List.of("e\u0301", "\u00e9", "\ud800", "\ud83d\ude00 client"));
    m.put("plain", List.of("client-1", "Client-1", "client 2", "c.with.dots"));
    return m;
  }

  /**
   * Whether {@code name} holds a character drawn as nothing, by a definition independent of {@code
   * Names}: the Java category FORMAT, variation selectors, the combining grapheme joiner and the
   * Hangul fillers.
   */
  static boolean hasInvisible(String name) {
    return name.codePoints().anyMatch(cp -> Character.getType(cp) == Character.FORMAT
        || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF) || cp == 0x034F
        || cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0);
  }

  /** Every channel name, in order. */
  static List<String> allChannels() {
    List<String> out = new ArrayList<>();
    channels().values().forEach(out::addAll);
    return out;
  }
}
