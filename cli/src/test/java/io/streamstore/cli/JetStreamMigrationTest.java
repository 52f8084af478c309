package io.streamstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.api.MessageInfo;
import io.streamstore.Stores;
import io.streamstore.jetstream.NatsServers;
import io.streamstore.proto.MsgProto;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreLimits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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

    CopiedState expected = CopiedState.read(Fixtures.ROOT.resolve(fixture).resolve("expected.json"));
    try (Store s = Stores.open("streamstore:file:" + back)) {
      s.setLimits(StoreLimits.UNLIMITED);
      expected.assertMatches(s.recover().orElseThrow(), expected::fixtureBytes);
    }
    assertNativeMessage(fixture, expected);
    // one summary line in the torture tests' format, collected from the CI log
    Map<String, List<MsgProto>> messages = expected.messages();
    System.out.println("JS_MIGRATION fixture=" + fixture + " path=file>jetstream>file channels="
        + messages.size() + " messages=" + messages.values().stream().mapToLong(List::size).sum()
        + " subscriptions=" + expected.subscriptionCount() + " expectedJson=matched");
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
  private void assertNativeMessage(String fixture, CopiedState expected) throws Exception {
    Map.Entry<String, List<MsgProto>> channel = expected.messages().entrySet().iterator().next();
    MsgProto first = channel.getValue().get(0);
    try (Store s = Stores.open("streamstore:jetstream://" + servers.hostPorts() + "?prefix=mig_"
        + fixture.replace('-', '_')); Connection nc = servers.connect()) {
      String stream = ((io.streamstore.jetstream.JetStreamStore) s).streamName(channel.getKey());
      MessageInfo mi = nc.jetStreamManagement().getFirstMessage(stream, ">");
      assertThat(mi.getData()).isEqualTo(first.getData().toByteArray());
      assertThat(mi.getHeaders().getFirst("Streamstore-Seq"))
          .isEqualTo(Long.toString(first.getSequence()));
      assertThat(mi.getHeaders().getFirst("Streamstore-Subject")).isEqualTo(first.getSubject());
      assertThat(mi.getHeaders().getFirst("Streamstore-Time"))
          .isEqualTo(Long.toString(first.getTimestamp()));
      assertThat(new String(mi.getSubject().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
          .endsWith("." + channel.getKey());
    }
  }
}
