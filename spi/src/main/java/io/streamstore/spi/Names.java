package io.streamstore.spi;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/**
 * The one place where channel names and client ids are checked, for every backend, so that all
 * backends accept and refuse exactly the same names.
 *
 * <p>A channel name follows the NATS subject rules (tokens separated by {@code .}, none empty, no
 * white space) and, because the file backend uses it as a directory name, nothing a file system could
 * misread: no {@code / \ : * ? " < > |}, no NUL or control character, at most
 * {@value #MAX_NAME_BYTES} UTF-8 bytes, Unicode in NFC form, and no Windows device name
 * ({@code CON}, {@code NUL}, {@code COM1}, ...) as first token. Wildcards ({@code *} and {@code >} as
 * whole tokens) are allowed only in limit patterns.
 *
 * <p>So that two channels can never look identical, a channel name holds no invisible character:
 * no format character (Unicode category Cf: zero-width space and joiners U+200B–U+200D, word joiner
 * U+2060, byte order mark U+FEFF, soft hyphen U+00AD, the bidirectional marks, embeddings,
 * overrides and isolates U+200E, U+200F, U+202A–U+202E, U+2066–U+2069, U+061C, tags U+E0001 and
 * U+E0020–U+E007F, ...) and no other default-ignorable code point (variation selectors, the Hangul
 * fillers U+115F, U+1160, U+3164, U+FFA0, the combining grapheme joiner U+034F, and the reserved
 * default-ignorable ranges), which text renderers draw as nothing.
 */
public final class Names {

  /** Longest channel name or client id, in UTF-8 bytes (a common file-name limit). */
  public static final int MAX_NAME_BYTES = 255;

  private static final String FORBIDDEN = "/\\:*?\"<>|";

  private static final Set<String> WINDOWS_DEVICES =
      Set.of(
          "CON", "PRN", "AUX", "NUL", "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7",
          "COM8", "COM9", "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8",
          "LPT9", "CONIN$", "CONOUT$");

  private Names() {}

  /**
   * Checks a literal channel name.
   *
   * @throws InvalidNameException saying what is wrong with it
   */
  public static void validateChannel(String name) {
    validate(name, false);
  }

  /**
   * Checks a channel name or a limits pattern, where {@code *} (one token) and {@code >} (the rest,
   * last token only) are allowed as whole tokens.
   *
   * @throws InvalidNameException saying what is wrong with it
   */
  public static void validateChannelPattern(String pattern) {
    validate(pattern, true);
  }

  /** Whether {@code name} is a valid literal channel name. */
  public static boolean isValidChannel(String name) {
    try {
      validateChannel(name);
      return true;
    } catch (InvalidNameException e) {
      return false;
    }
  }

  /** Whether {@code pattern} contains no wildcard token. */
  public static boolean isLiteral(String pattern) {
    for (String token : pattern.split("\\.", -1)) {
      if (token.equals("*") || token.equals(">")) {
        return false;
      }
    }
    return true;
  }

  /** Whether the literal {@code channel} matches {@code pattern} (NATS subject matching). */
  public static boolean matches(String pattern, String channel) {
    String[] p = pattern.split("\\.", -1);
    String[] c = channel.split("\\.", -1);
    for (int i = 0; i < p.length; i++) {
      if (p[i].equals(">")) {
        return c.length > i;
      }
      if (i >= c.length || (!p[i].equals("*") && !p[i].equals(c[i]))) {
        return false;
      }
    }
    return p.length == c.length;
  }

  /**
   * Checks a client id: 1 to {@value #MAX_NAME_BYTES} UTF-8 bytes, no NUL or control character. Ids
   * are stored as data, never as file names, so other characters are allowed.
   *
   * @throws InvalidNameException saying what is wrong with it
   */
  public static void validateClientId(String id) {
    if (id == null || id.isEmpty()) {
      throw new InvalidNameException("client id must not be empty");
    }
    checkLength("client id", id);
    for (int i = 0; i < id.length(); i++) {
      char ch = id.charAt(i);
      if (Character.isISOControl(ch)) {
        throw new InvalidNameException(
            "client id " + quote(id) + " contains control character " + hex(ch) + " at index " + i);
      }
    }
    if (Character.isHighSurrogate(id.charAt(id.length() - 1)) || hasLoneSurrogate(id)) {
      throw new InvalidNameException("client id " + quote(id) + " is not valid UTF-16 text");
    }
  }

  private static void validate(String name, boolean wildcards) {
    String what = wildcards ? "channel pattern" : "channel name";
    if (name == null || name.isEmpty()) {
      throw new InvalidNameException(what + " must not be empty");
    }
    checkLength(what, name);
    if (hasLoneSurrogate(name)) {
      throw new InvalidNameException(what + " " + quote(name) + " is not valid UTF-16 text");
    }
    for (int i = 0; i < name.length(); i++) {
      char ch = name.charAt(i);
      if (Character.isISOControl(ch)) {
        throw new InvalidNameException(
            what + " " + quote(name) + " contains control character " + hex(ch) + " at index " + i);
      }
      if (Character.isWhitespace(ch) || Character.isSpaceChar(ch)) {
        throw new InvalidNameException(
            what + " " + quote(name) + " contains white space at index " + i);
      }
    }
    for (int i = 0; i < name.length(); ) {
      int cp = name.codePointAt(i);
      if (isInvisible(cp)) {
        throw new InvalidNameException(
            what + " " + quote(name) + " contains the invisible character " + hex(cp) + " at index "
                + i + " (" + describe(cp) + "); it would let two names look identical");
      }
      i += Character.charCount(cp);
    }
    String[] tokens = name.split("\\.", -1);
    for (int t = 0; t < tokens.length; t++) {
      String token = tokens[t];
      if (token.isEmpty()) {
        throw new InvalidNameException(
            what + " " + quote(name) + " has an empty token (leading, trailing or double '.')");
      }
      boolean wildcardToken = token.equals("*") || token.equals(">");
      if (wildcardToken) {
        if (!wildcards) {
          throw new InvalidNameException(
              what + " " + quote(name) + " contains wildcard '" + token + "'; only limit patterns may");
        }
        if (token.equals(">") && t != tokens.length - 1) {
          throw new InvalidNameException(
              what + " " + quote(name) + ": '>' must be the last token");
        }
        continue;
      }
      for (int i = 0; i < token.length(); i++) {
        if (FORBIDDEN.indexOf(token.charAt(i)) >= 0) {
          throw new InvalidNameException(
              what + " " + quote(name) + " contains '" + token.charAt(i)
                  + "', which file systems misread (forbidden: " + FORBIDDEN + ")");
        }
      }
    }
    if (WINDOWS_DEVICES.contains(tokens[0].toUpperCase(Locale.ROOT))) {
      throw new InvalidNameException(
          what + " " + quote(name) + " starts with the reserved device name '" + tokens[0] + "'");
    }
    if (!Normalizer.isNormalized(name, Normalizer.Form.NFC)) {
      throw new InvalidNameException(
          what + " " + quote(name) + " is not in Unicode NFC form; normalize it first");
    }
  }

  private static void checkLength(String what, String name) {
    int bytes = name.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_NAME_BYTES) {
      throw new InvalidNameException(
          what + " is " + bytes + " UTF-8 bytes long; at most " + MAX_NAME_BYTES + " are allowed");
    }
  }

  /**
   * Whether {@code cp} is drawn as nothing: a format character (category Cf) or a code point Unicode
   * lists as Default_Ignorable_Code_Point (DerivedCoreProperties.txt), including the unassigned ones
   * reserved as such, so that the rule does not depend on the JDK's Unicode version.
   */
  static boolean isInvisible(int cp) {
    if (Character.getType(cp) == Character.FORMAT) {
      return true;
    }
    return cp == 0x00AD
        || cp == 0x034F
        || cp == 0x061C
        || cp == 0x115F
        || cp == 0x1160
        || cp == 0x17B4
        || cp == 0x17B5
        || (cp >= 0x180B && cp <= 0x180F)
        || (cp >= 0x200B && cp <= 0x200F)
        || (cp >= 0x202A && cp <= 0x202E)
        || (cp >= 0x2060 && cp <= 0x206F)
        || cp == 0x3164
        || (cp >= 0xFE00 && cp <= 0xFE0F)
        || cp == 0xFEFF
        || cp == 0xFFA0
        || (cp >= 0xFFF0 && cp <= 0xFFF8)
        || (cp >= 0x1BCA0 && cp <= 0x1BCA3)
        || (cp >= 0x1D173 && cp <= 0x1D17A)
        || (cp >= 0xE0000 && cp <= 0xE0FFF);
  }

  private static boolean hasLoneSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (Character.isHighSurrogate(ch)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return true;
        }
        i++;
      } else if (Character.isLowSurrogate(ch)) {
        return true;
      }
    }
    return false;
  }

  private static String describe(int cp) {
    String n = Character.getName(cp);
    return n == null ? "a reserved default-ignorable code point" : n;
  }

  private static String hex(int cp) {
    return String.format("U+%04X", cp);
  }

  /**
   * Quotes a name for an error message, escaping control and invisible characters so logs stay
   * readable and show what is really there.
   */
  static String quote(String name) {
    StringBuilder sb = new StringBuilder("\"");
    int limit = Math.min(name.length(), 80);
    for (int i = 0; i < limit; i++) {
      char ch = name.charAt(i);
      if (Character.isISOControl(ch) || isInvisible(ch)) {
        sb.append(hex(ch));
      } else {
        sb.append(ch);
      }
    }
    if (name.length() > limit) {
      sb.append("...");
    }
    return sb.append('"').toString();
  }
}
