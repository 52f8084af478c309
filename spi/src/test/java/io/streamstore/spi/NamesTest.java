package io.streamstore.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class NamesTest {

  @ParameterizedTest
  @ValueSource(strings = {"foo", "foo.bar", "a.b.c.d", "orders-2024", "_INBOX.x", "ünïcødé.ok", "dash-and_under", "~tilde"})
  void acceptsSubjectLikeChannelNames(String name) {
    assertThatCode(() -> Names.validateChannel(name)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", ".", "..", "../x", "foo..bar", ".foo", "foo.", "foo bar", "foo\tbar", "a/b", "/etc/passwd",
        "a\\b", "C:", "a\u0000b", "a\nb", "a\u007fb", "foo.*", "foo.>", "*", ">", "CON", "con.x",
        "LPT1.foo", "what?", "a|b", "quote\"d", "a<b", "x*y", "a>b"
      })
  void refusesNamesFileSystemsOrSubjectsMisread(String name) {
    assertThatThrownBy(() -> Names.validateChannel(name)).isInstanceOf(InvalidNameException.class);
    assertThat(Names.isValidChannel(name)).isFalse();
  }

  @Test
  void nullIsRefusedWithTheSpecificException() {
    assertThatThrownBy(() -> Names.validateChannel(null)).isInstanceOf(InvalidNameException.class);
    assertThatThrownBy(() -> Names.validateClientId(null)).isInstanceOf(InvalidNameException.class);
  }

  @Test
  void limitsLengthInUtf8Bytes() {
    String ascii255 = "a".repeat(255);
    assertThatCode(() -> Names.validateChannel(ascii255)).doesNotThrowAnyException();
    assertThatThrownBy(() -> Names.validateChannel("a".repeat(256)))
        .isInstanceOf(InvalidNameException.class)
        .hasMessageContaining("256 UTF-8 bytes");
    // 128 two-byte characters = 256 bytes although only 128 chars
    assertThatThrownBy(() -> Names.validateChannel("é".repeat(128)))
        .isInstanceOf(InvalidNameException.class);
  }

  @Test
  void requiresNfcSoThatTwinsCannotCoexist() {
    String nfd = "e\u0301"; // e + combining acute
    assertThatThrownBy(() -> Names.validateChannel(nfd))
        .isInstanceOf(InvalidNameException.class)
        .hasMessageContaining("NFC");
    assertThatCode(() -> Names.validateChannel("\u00e9")).doesNotThrowAnyException();
  }

  @Test
  void refusesLoneSurrogates() {
    assertThatThrownBy(() -> Names.validateChannel("a\ud800b")).isInstanceOf(InvalidNameException.class);
    assertThatThrownBy(() -> Names.validateClientId("a\udc00")).isInstanceOf(InvalidNameException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\u200Bfoo", "fo\u200Co", "fo\u200Do", "foo\u2060", "\uFEFFfoo", "fo\u00ADo", "\u202Eoof",
        "\u202Aa", "\u202Ba", "\u202Ca", "\u202Da", "a\u200E", "a\u200F", "\u2066a\u2069",
        "\u2067a", "\u2068a", "a\u061C", "a\u180E", "a\u3164", "a\u115F", "a\uFFA0", "a\u034F",
        "a\uFE0F", "a\uFE00", "a\u2065", "a\uFFF0", "a\uDB40\uDC01", "a\uDB40\uDC41",
        "a\uDB40\uDD00", "a\uD834\uDD73", "a\u0600", "a\uFFF9"
      })
  void refusesInvisibleAndBidirectionalFormatCharacters(String name) {
    assertThatThrownBy(() -> Names.validateChannel(name))
        .isInstanceOf(InvalidNameException.class)
        .hasMessageContaining("invisible character U+");
    assertThatThrownBy(() -> Names.validateChannelPattern(name + ".>"))
        .isInstanceOf(InvalidNameException.class);
    String visible = name.codePoints().filter(cp -> !Names.isInvisible(cp))
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    assertThat(Names.isValidChannel(visible)).as("the name without it is fine").isTrue();
  }

  @Test
  void invisibleCharactersAreShownEscapedInTheMessage() {
    assertThatThrownBy(() -> Names.validateChannel("ab\u202Ecd"))
        .hasMessageContaining("\"abU+202Ecd\"")
        .hasMessageContaining("RIGHT-TO-LEFT OVERRIDE")
        .hasMessageNotContaining("\u202E");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\u00e9t\u00e9", "\u05e9\u05dc\u05d5\u05dd", "\u0645\u0631\u062d\u0628\u0627",
      "\u0928\u092e\u0938\u094d\u0924\u0947", "\ud83d\ude00", "\u4e2d\u6587", "\u0e44\u0e17\u0e22"})
  void visibleScriptsStayAccepted(String name) {
    assertThatCode(() -> Names.validateChannel(name)).doesNotThrowAnyException();
  }

  @Test
  void errorMessagesEscapeControlCharacters() {
    assertThatThrownBy(() -> Names.validateChannel("a\u0001b"))
        .hasMessageContaining("U+0001")
        .hasMessageNotContaining("\u0001");
  }

  @ParameterizedTest
  @ValueSource(strings = {"foo.*", "foo.>", "*", ">", "*.bar", "foo.*.baz"})
  void patternsAllowWholeTokenWildcards(String pattern) {
    assertThatCode(() -> Names.validateChannelPattern(pattern)).doesNotThrowAnyException();
    assertThat(Names.isLiteral(pattern)).isFalse();
  }

  @Test
  void fullWildcardMustBeLast() {
    assertThatThrownBy(() -> Names.validateChannelPattern("foo.>.bar"))
        .isInstanceOf(InvalidNameException.class)
        .hasMessageContaining("last token");
  }

  @Test
  void matchesFollowsNatsSubjectRules() {
    assertThat(Names.matches("foo.*", "foo.bar")).isTrue();
    assertThat(Names.matches("foo.*", "foo.bar.baz")).isFalse();
    assertThat(Names.matches("foo.>", "foo.bar.baz")).isTrue();
    assertThat(Names.matches("foo.>", "foo")).isFalse();
    assertThat(Names.matches("*.bar", "foo.bar")).isTrue();
    assertThat(Names.matches("foo", "foo")).isTrue();
    assertThat(Names.matches("foo", "foo.bar")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"client-a", "me@host", "it's; DROP TABLE x", "100%_done", "名前", "with space"})
  void clientIdsAreDataSoMostCharactersAreFine(String id) {
    assertThatCode(() -> Names.validateClientId(id)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a\u0000", "tab\there", "new\nline"})
  void clientIdsRefuseEmptyAndControlCharacters(String id) {
    assertThatThrownBy(() -> Names.validateClientId(id)).isInstanceOf(InvalidNameException.class);
  }
}
