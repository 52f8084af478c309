package io.streamstore.jetstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Derived stream names are valid JetStream names and distinct for distinct channels. */
class StreamNamesTest {

  @Test
  void namesUseOnlyStreamNameCharactersAndStayShort() {
    for (String channel : new String[] {"foo", "foo.bar", "日本.チャンネル", "a-b_c", "x".repeat(255),
        "$SYS.x", "a%b", "#"}) {
      String stream = StreamNames.stream("streamstore", channel);
      assertThat(stream).matches("[A-Za-z0-9_-]+").hasSizeLessThanOrEqualTo(120);
      assertThat(stream).startsWith("streamstore_C_");
    }
    assertThat(StreamNames.stream("p", "orders.eu")).startsWith("p_C_orders_eu_");
  }

  @Test
  void channelsThatLookAlikeGetDifferentNames() {
    Set<String> names = new HashSet<>();
    for (String channel : new String[] {"foo.bar", "foo_bar", "Foo.bar", "foo-bar", "foo.bär",
        "foo.bär.x", "x".repeat(200) + "1", "x".repeat(200) + "2"}) {
      assertThat(names.add(StreamNames.stream("p", channel))).as(channel).isTrue();
    }
    // and case twins differ even ignoring case (a server on a case-insensitive file system)
    assertThat(StreamNames.stream("p", "Orders").toLowerCase())
        .isNotEqualTo(StreamNames.stream("p", "orders").toLowerCase());
  }

  @Test
  void theSameChannelAlwaysGetsTheSameName() {
    assertThat(StreamNames.stream("p", "orders")).isEqualTo(StreamNames.stream("p", "orders"));
  }
}
