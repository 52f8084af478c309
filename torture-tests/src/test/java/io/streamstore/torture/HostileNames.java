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

  /** Every channel name, in order. */
  static List<String> allChannels() {
    List<String> out = new ArrayList<>();
    channels().values().forEach(out::addAll);
    return out;
  }
}
