package io.streamstore.jetstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import io.streamstore.Stores;
import io.streamstore.proto.MsgProto;
import io.streamstore.proto.ServerInfo;
import io.streamstore.spi.Channel;
import io.streamstore.spi.InvalidArgumentException;
import io.streamstore.spi.MsgStore;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreIOException;
import io.streamstore.spi.StoreInUseException;
import io.streamstore.spi.StoreLimits;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What this backend promises beyond the TCK: native messages, the lock's fencing, another writer
 * detected, reads that change nothing on the server, oversized messages refused. One server for
 * the class; skipped with the reason when there is no nats-server binary.
 */
class JetStreamStoreBehaviourTest {

  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static NatsServers servers;

  @BeforeAll
  static void start() throws Exception {
    servers = NatsServers.single();
  }

  @AfterAll
  static void stop() throws Exception {
    if (servers != null) {
      servers.close();
    }
  }

  private static String url(String options) {
    return "streamstore:jetstream://" + servers.hostPorts() + "?prefix=b" + COUNTER.incrementAndGet()
        + options;
  }

  private static Store fresh(String url) {
    Store s = Stores.open(url);
    s.recover();
    s.init(ServerInfo.newBuilder().setClusterID("behaviour").build());
    return s;
  }

  private static MsgProto msg(String channel, long seq, String data) {
    return MsgProto.newBuilder().setSequence(seq).setSubject(channel).setTimestamp(1000 + seq)
        .setData(ByteString.copyFromUtf8(data)).build();
  }

  @Test
  void messagesAreNativeJetStreamMessagesOnTheChannelSubject() throws Exception {
    try (Store s = fresh(url("&subjectPrefix=")); Connection nc = servers.connect()) {
      Channel c = s.createChannel("日本.orders");
      c.msgs().store(msg("日本.orders", 7, "hello").toBuilder().setReply("_INBOX.r").build());
      c.msgs().flush();
      JetStreamManagement jsm = nc.jetStreamManagement();
      String stream = ((JetStreamStore) s).streamName("日本.orders");
      assertThat(jsm.getStreamInfo(stream).getConfiguration().getSubjects())
          .containsExactly("日本.orders");
      MessageInfo mi = jsm.getMessage(stream, 1);
      assertThat(new String(mi.getData(), StandardCharsets.UTF_8)).isEqualTo("hello");
      assertThat(mi.getHeaders().getFirst("Streamstore-Seq")).isEqualTo("7");
      assertThat(mi.getHeaders().getFirst("Streamstore-Time")).isEqualTo("1007");
      assertThat(mi.getHeaders().getFirst("Streamstore-Reply")).isEqualTo("_INBOX.r");
      assertThat(MessageCodec.decode(mi.getHeaders().getFirst("Streamstore-Subject")))
          .isEqualTo("日本.orders");
    }
  }

  @Test
  void aStoreThatLostItsLockRefusesToWrite() throws Exception {
    String url = url("&lockTtl=600ms");
    try (Store a = fresh(url); Store b = Stores.open(url); Connection nc = servers.connect()) {
      Channel c = a.createChannel("locked");
      assertThat(a.tryExclusiveLock()).isTrue();
      c.msgs().store(msg("locked", 1, "one"));
      c.msgs().flush();
      String bucket = url.substring(url.indexOf("prefix=") + 7).split("&")[0] + "_STATE";
      // another party overwrites the lease: a's next renewal fails its compare-and-set
      nc.keyValue(bucket).put(LeaseLock.KEY,
          ("intruder\n" + (System.currentTimeMillis() + 60_000)).getBytes(StandardCharsets.UTF_8));
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      long seq = 2;
      StoreInUseException refused = null;
      while (refused == null && System.nanoTime() < deadline) {
        try {
          c.msgs().store(msg("locked", seq++, "more"));
          Thread.sleep(20);
        } catch (StoreInUseException e) {
          refused = e;
        }
      }
      assertThat(refused).as("a write after the lease was taken over").isNotNull();
      assertThatThrownBy(() -> a.addClient(io.streamstore.proto.ClientInfo.newBuilder().setID("x")
          .build())).isInstanceOf(StoreInUseException.class);
      assertThat(b.tryExclusiveLock()).as("the intruder's lease has not expired").isFalse();
    }
  }

  @Test
  void anotherWriterOnTheStreamMakesTheNextFlushFailAndIsReported() throws Exception {
    try (Store s = fresh(url("")); Connection nc = servers.connect()) {
      MsgStore ms = s.createChannel("shared").msgs();
      ms.store(msg("shared", 1, "one"));
      ms.flush();
      String subject = ((JetStreamStore) s).messageStore("shared").subject();
      nc.jetStream().publish(subject, "foreign".getBytes(StandardCharsets.UTF_8));
      // the refusal comes back asynchronously: store() reports it when the answer is already
      // there, flush() at the latest
      assertThatThrownBy(() -> {
        ms.store(msg("shared", 2, "two"));
        ms.flush();
      }).isInstanceOf(StoreIOException.class).hasMessageContaining("stream sequence 2")
          .hasMessageContaining("wrong last sequence");
      // the foreign message has no streamstore headers: reading the channel back says so
      assertThatThrownBy(ms::lastSequence).isInstanceOf(io.streamstore.spi.CorruptedDataException.class)
          .hasMessageContaining("Streamstore-Seq");
    }
  }

  @Test
  void openingOnlyToReadWithLooserLimitsChangesNothingOnTheServer() throws Exception {
    String url = url("");
    String stream;
    try (Store s = fresh(url + "&maxMsgs=5")) {
      MsgStore ms = s.createChannel("kept").msgs();
      for (long seq = 1; seq <= 10; seq++) {
        ms.store(msg("kept", seq, "m"));
      }
      ms.flush();
      stream = ((JetStreamStore) s).streamName("kept");
    }
    try (Connection nc = servers.connect()) {
      JetStreamManagement jsm = nc.jetStreamManagement();
      try (Store reader = Stores.open(url)) {
        reader.setLimits(StoreLimits.UNLIMITED);
        MsgStore ms = reader.recover().orElseThrow().channels().get("kept").channel().msgs();
        assertThat(ms.firstAndLastSequence().first()).isEqualTo(6);
        assertThat(ms.lookup(10)).isPresent();
        assertThat(jsm.getStreamInfo(stream).getConfiguration().getMaxMsgs()).isEqualTo(5);
        ms.store(msg("kept", 11, "m"));
        ms.flush();
        assertThat(jsm.getStreamInfo(stream).getConfiguration().getMaxMsgs())
            .as("raised before the first write").isEqualTo(-1);
        assertThat(ms.state().count()).isEqualTo(6);
      }
    }
  }

  @Test
  void aMessageAboveTheServersMaxPayloadIsRefusedAndNothingElseChanges() {
    try (Store s = fresh(url(""))) {
      MsgStore ms = s.createChannel("big").msgs();
      ms.store(msg("big", 1, "small"));
      MsgProto huge = MsgProto.newBuilder().setSequence(2).setSubject("big")
          .setData(ByteString.copyFrom(new byte[5 * 1024 * 1024])).build();
      assertThat(s.maxMessageSize()).isLessThan(huge.getSerializedSize());
      assertThatThrownBy(() -> ms.store(huge)).isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("maximum message size of " + s.maxMessageSize());
      assertThat(ms.lastSequence()).isEqualTo(1);
      ms.store(msg("big", 2, "fits"));
      ms.flush();
      assertThat(ms.lookup(2).orElseThrow().getData().toStringUtf8()).isEqualTo("fits");
    }
  }
}
