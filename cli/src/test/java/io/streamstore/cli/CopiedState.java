package io.streamstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.streamstore.proto.ClientInfo;
import io.streamstore.proto.MsgProto;
import io.streamstore.proto.ServerInfo;
import io.streamstore.proto.SubState;
import io.streamstore.spi.Client;
import io.streamstore.spi.MsgStore;
import io.streamstore.spi.RecoveredChannel;
import io.streamstore.spi.RecoveredState;
import io.streamstore.spi.RecoveredSubscription;
import io.streamstore.spi.SequenceSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * A fixture's {@code expected.json} as a store written by {@code copy} must hold it: server info,
 * clients, every message byte for byte, first/last/count, every subscription with its pending set.
 * Two things are the target's own: subscription ids ({@code copy} lets each target assign them, so
 * subscriptions are compared in id order without the id) and {@code bytes} (each backend's own
 * accounting, given by the caller from the channel's messages).
 */
final class CopiedState {

  private final Map<String, Object> json;

  private CopiedState(Map<String, Object> json) {
    this.json = json;
  }

  @SuppressWarnings("unchecked")
  static CopiedState read(Path expectedJson) throws IOException {
    return new CopiedState((Map<String, Object>) ExpectedJson.parse(Files.readString(expectedJson)));
  }

  /** The fixture's channels, each its messages (as the source stored them), by name. */
  Map<String, List<MsgProto>> messages() {
    Map<String, List<MsgProto>> out = new java.util.TreeMap<>();
    channels().forEach((name, c) -> out.put(name, list(map(c).get("messages")).stream()
        .map(m -> message(map(m))).toList()));
    return out;
  }

  /** The channel's {@code bytes} as the fixture's own store accounted them. */
  long fixtureBytes(String channel) {
    return num(map(channels().get(channel)).get("bytes"));
  }

  /** Subscriptions of every channel. */
  long subscriptionCount() {
    return channels().values().stream().mapToLong(c -> list(map(c).get("subscriptions")).size())
        .sum();
  }

  /**
   * Asserts that {@code state} holds the fixture, with {@code bytes(channel)} as each channel's
   * expected byte count.
   */
  void assertMatches(RecoveredState state, ToLongFunction<String> bytes) {
    assertThat(json.get("outcome")).isEqualTo("recovered");
    assertThat(state.info()).isEqualTo(build(ServerInfo.newBuilder(), map(json.get("serverInfo"))));
    List<ClientInfo> clients = list(json.get("clients")).stream()
        .map(c -> (ClientInfo) build(ClientInfo.newBuilder(), map(c)))
        .sorted(Comparator.comparing(ClientInfo::getID)).toList();
    assertThat(state.clients().stream().map(Client::info)
        .sorted(Comparator.comparing(ClientInfo::getID)).toList()).isEqualTo(clients);
    assertThat(state.channels().keySet()).isEqualTo(channels().keySet());
    channels().forEach((name, c) ->
        assertChannel(name, map(c), state.channels().get(name), bytes.applyAsLong(name)));
  }

  private static void assertChannel(String name, Map<String, Object> c, RecoveredChannel rc,
      long bytes) {
    MsgStore ms = rc.channel().msgs();
    assertThat(ms.firstSequence()).as("%s first", name).isEqualTo(num(c.get("first")));
    assertThat(ms.lastSequence()).as("%s last", name).isEqualTo(num(c.get("last")));
    assertThat(ms.state().count()).as("%s count", name).isEqualTo(num(c.get("count")));
    assertThat(ms.state().bytes()).as("%s bytes", name).isEqualTo(bytes);
    for (Object o : list(c.get("messages"))) {
      MsgProto want = message(map(o));
      assertThat(ms.lookup(want.getSequence())).as("%s message %d", name, want.getSequence())
          .contains(want);
    }
    List<Map<String, Object>> subs = list(c.get("subscriptions")).stream().map(CopiedState::map)
        .sorted(Comparator.comparingLong(s -> num(map(s.get("state")).get("ID")))).toList();
    List<RecoveredSubscription> got = rc.subscriptions().stream()
        .sorted(Comparator.comparingLong(s -> s.sub().getID())).toList();
    assertThat(got).as("%s subscriptions", name).hasSize(subs.size());
    for (int i = 0; i < subs.size(); i++) {
      SubState want = (SubState) build(SubState.newBuilder(), map(subs.get(i).get("state")));
      assertThat(got.get(i).sub().toBuilder().clearID().build())
          .as("%s subscription %d", name, want.getID()).isEqualTo(want.toBuilder().clearID().build());
      long[] pending = list(subs.get(i).get("pending")).stream().mapToLong(p -> num(p)).toArray();
      assertThat(got.get(i).pending()).as("%s pending of %d", name, want.getID())
          .isEqualTo(SequenceSet.of(pending));
    }
  }

  private Map<String, Object> channels() {
    return map(json.get("channels"));
  }

  private static MsgProto message(Map<String, Object> m) {
    MsgProto.Builder b = MsgProto.newBuilder()
        .setSequence(num(m.get("seq")))
        .setSubject((String) m.get("subject"))
        .setData(ByteString.copyFrom(Base64.getDecoder().decode((String) m.get("data"))))
        .setTimestamp(num(m.get("timestamp")));
    if (m.get("reply") != null) {
      b.setReply((String) m.get("reply"));
    }
    return b.build();
  }

  private static Message build(Message.Builder builder, Map<String, Object> fields) {
    for (Map.Entry<String, Object> e : fields.entrySet()) {
      FieldDescriptor f = builder.getDescriptorForType().findFieldByName(e.getKey());
      Object v = e.getValue();
      builder.setField(f, switch (f.getType()) {
        case STRING, BOOL -> v;
        case BYTES -> ByteString.copyFrom(Base64.getDecoder().decode((String) v));
        case INT32, UINT32, SINT32, FIXED32, SFIXED32 -> (int) num(v);
        default -> num(v);
      });
    }
    return builder.build();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return o == null ? Map.of() : (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object o) {
    return o == null ? List.of() : (List<Object>) o;
  }

  private static long num(Object o) {
    return ((Number) o).longValue();
  }
}
