package io.streamstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.nats.client.Connection;
import io.nats.client.api.MessageInfo;
import io.streamstore.Stores;
import io.streamstore.jetstream.NatsServers;
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
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreLimits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The offline migration: a directory written by NATS Streaming is copied into JetStream with {@code
 * copy}, and back out into a new file store, which must then hold exactly the fixture's {@code
 * expected.json} (server info, clients, every message byte for byte, first/last/count/bytes, every
 * subscription with its pending set). Subscription ids are the one exception: {@code copy} lets each
 * target assign its own (documented), so subscriptions are compared in id order without the id.
 * Runs on a nats-server started for the class; skipped with the reason when there is none.
 */
class JetStreamMigrationTest {

  private static NatsServers servers;

  @TempDir Path tmp;

  @BeforeAll
  static void startServer() throws Exception {
    servers = NatsServers.single();
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (servers != null) {
      servers.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"basic", "sliced", "no-index"})
  void aNatsStreamingDirectoryGoesIntoJetStreamAndBackUnchanged(String fixture) throws Exception {
    Path source = Fixtures.copy(fixture, tmp);
    String js = "streamstore:jetstream://" + servers.hostPorts() + "?prefix=mig_"
        + fixture.replace('-', '_');
    CliRun in = CliRun.of("copy", "streamstore:file:" + source, js);
    assertThat(in.exitCode()).as(in.toString()).isZero();
    assertThat(in.out()).contains("verified");

    Path back = tmp.resolve("back");
    CliRun out = CliRun.of("copy", js, "streamstore:file:" + back);
    assertThat(out.exitCode()).as(out.toString()).isZero();

    @SuppressWarnings("unchecked")
    Map<String, Object> expected = (Map<String, Object>) ExpectedJson.parse(
        Files.readString(Fixtures.ROOT.resolve(fixture).resolve("expected.json")));
    try (Store s = Stores.open("streamstore:file:" + back)) {
      s.setLimits(StoreLimits.UNLIMITED);
      assertMatches(expected, s.recover().orElseThrow());
    }
    assertNativeMessage(fixture, expected);
    // one summary line in the torture tests' format, collected from the CI log
    long msgs = channels(expected).values().stream().mapToLong(c -> num(map(c).get("count"))).sum();
    long subs = channels(expected).values().stream()
        .mapToLong(c -> list(map(c).get("subscriptions")).size()).sum();
    System.out.println("JS_MIGRATION fixture=" + fixture + " path=file>jetstream>file channels="
        + channels(expected).size() + " messages=" + msgs + " subscriptions=" + subs
        + " expectedJson=matched");
  }

  @org.junit.jupiter.api.Test
  void durableSubscriptionsBecomeDurableConsumersStartingAtTheirOldestUnacked() throws Exception {
    Path source = Fixtures.copy("basic", tmp);
    String js = "streamstore:jetstream://" + servers.hostPorts() + "?prefix=mig_consumers";
    CliRun in = CliRun.of("copy", "--jetstream-consumers", "streamstore:file:" + source, js);
    assertThat(in.exitCode()).as(in.toString()).isZero();
    // basic: per channel one durable (pending 995..1000 with 997 acked, closed): it starts at 995;
    // the plain and the queue subscriptions are not durable
    assertThat(in.out().lines().filter(l -> l.startsWith("consumer ")).toList())
        .hasSize(3).allMatch(l -> l.contains("starts at sequence 995: created"));
    try (Store s = Stores.open(js); Connection nc = servers.connect()) {
      String stream = ((io.streamstore.jetstream.JetStreamStore) s).streamName("orders");
      var jsm = nc.jetStreamManagement();
      List<String> names = jsm.getConsumerNames(stream);
      assertThat(names).hasSize(1);
      for (String name : names) {
        var info = jsm.getConsumerInfo(stream, name);
        assertThat(info.getNumPending()).as("messages left for %s", name).isEqualTo(6);
        var sub = nc.jetStream().subscribe(null,
            io.nats.client.PullSubscribeOptions.bind(stream, name));
        var msgs = sub.fetch(1, java.time.Duration.ofSeconds(5));
        assertThat(msgs).hasSize(1);
        assertThat(msgs.get(0).getHeaders().getFirst("Streamstore-Seq")).isEqualTo("995");
        sub.unsubscribe();
      }
    }
    CliRun again = CliRun.of("copy", "--jetstream-consumers", "streamstore:file:" + source, js);
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.out().lines().filter(l -> l.startsWith("consumer ")).toList())
        .hasSize(3).allMatch(l -> l.endsWith(": kept"));
  }

  /** Any NATS client reads a migrated message: payload = data, the rest in headers. */
  private void assertNativeMessage(String fixture, Map<String, Object> expected) throws Exception {
    String channel = channels(expected).keySet().iterator().next();
    Map<String, Object> first = map(list(map(channels(expected).get(channel)).get("messages")).get(0));
    try (Store s = Stores.open("streamstore:jetstream://" + servers.hostPorts() + "?prefix=mig_"
        + fixture.replace('-', '_')); Connection nc = servers.connect()) {
      String stream = ((io.streamstore.jetstream.JetStreamStore) s).streamName(channel);
      MessageInfo mi = nc.jetStreamManagement().getFirstMessage(stream, ">");
      assertThat(mi.getData()).isEqualTo(Base64.getDecoder().decode((String) first.get("data")));
      assertThat(mi.getHeaders().getFirst("Streamstore-Seq")).isEqualTo(first.get("seq").toString());
      assertThat(mi.getHeaders().getFirst("Streamstore-Subject")).isEqualTo(first.get("subject"));
      assertThat(mi.getHeaders().getFirst("Streamstore-Time"))
          .isEqualTo(first.get("timestamp").toString());
      assertThat(new String(mi.getSubject().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
          .endsWith("." + channel);
    }
  }

  private static void assertMatches(Map<String, Object> json, RecoveredState state) {
    assertThat(json.get("outcome")).isEqualTo("recovered");
    assertThat(state.info()).isEqualTo(build(ServerInfo.newBuilder(), map(json.get("serverInfo"))));
    List<ClientInfo> clients = list(json.get("clients")).stream()
        .map(c -> (ClientInfo) build(ClientInfo.newBuilder(), map(c)))
        .sorted(Comparator.comparing(ClientInfo::getID)).toList();
    assertThat(state.clients().stream().map(Client::info)
        .sorted(Comparator.comparing(ClientInfo::getID)).toList()).isEqualTo(clients);
    assertThat(state.channels().keySet()).isEqualTo(channels(json).keySet());
    channels(json).forEach((name, c) -> assertChannel(name, map(c), state.channels().get(name)));
  }

  private static void assertChannel(String name, Map<String, Object> c, RecoveredChannel rc) {
    MsgStore ms = rc.channel().msgs();
    assertThat(ms.firstSequence()).as("%s first", name).isEqualTo(num(c.get("first")));
    assertThat(ms.lastSequence()).as("%s last", name).isEqualTo(num(c.get("last")));
    assertThat(ms.state().count()).as("%s count", name).isEqualTo(num(c.get("count")));
    assertThat(ms.state().bytes()).as("%s bytes", name).isEqualTo(num(c.get("bytes")));
    for (Object o : list(c.get("messages"))) {
      Map<String, Object> m = map(o);
      MsgProto.Builder b = MsgProto.newBuilder()
          .setSequence(num(m.get("seq")))
          .setSubject((String) m.get("subject"))
          .setData(ByteString.copyFrom(Base64.getDecoder().decode((String) m.get("data"))))
          .setTimestamp(num(m.get("timestamp")));
      if (m.get("reply") != null) {
        b.setReply((String) m.get("reply"));
      }
      assertThat(ms.lookup(num(m.get("seq")))).as("%s message %s", name, m.get("seq"))
          .contains(b.build());
    }
    List<Map<String, Object>> subs = list(c.get("subscriptions")).stream().map(JetStreamMigrationTest::map)
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

  private static Map<String, Object> channels(Map<String, Object> json) {
    return map(json.get("channels"));
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
