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
