package io.streamstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.streamstore.Stores;
import io.streamstore.proto.MsgProto;
import io.streamstore.proto.ServerInfo;
import io.streamstore.proto.SubState;
import io.streamstore.spi.Channel;
import io.streamstore.spi.RecoveredChannel;
import io.streamstore.spi.RecoveredState;
import io.streamstore.spi.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a returned {@code flush()} on an H2 file store acknowledged is in the database file at that
 * moment: a copy of the file taken right then (what a kill -9 would leave, since the OS keeps what
 * was written) opens with every acknowledged message, subscription, pending sequence and the server
 * information. H2 writes commits in the background by default, so without the store's checkpoint
 * after each commit the copies come up short (the kill -9 torture test, T1, checks the same with
 * real kills).
 */
class H2FileDurabilityTest {

  @TempDir Path tmp;

  @Test
  void aCopyOfTheFileTakenRightAfterEachFlushHoldsEverythingAcknowledged() throws Exception {
    Path live = tmp.resolve("live");
    try (Store store = Stores.open("streamstore:jdbc:h2:file:" + live.resolve("db"))) {
      store.recover();
      store.init(ServerInfo.newBuilder().setClusterID("durable").build());
      Channel ch = store.createChannel("orders");
      long sub = ch.subs().createSub(SubState.newBuilder().setClientID("c").setInbox("i").build());
      for (int seq = 1; seq <= 20; seq++) {
        ch.msgs().store(MsgProto.newBuilder().setSequence(seq).setSubject("orders")
            .setData(ByteString.copyFromUtf8("m" + seq)).setTimestamp(seq).build());
        ch.msgs().flush();
        ch.subs().addSeqPending(sub, seq);
        ch.subs().flush();
        Path copy = tmp.resolve("copy" + seq);
        Files.createDirectories(copy);
        Files.copy(live.resolve("db.mv.db"), copy.resolve("db.mv.db"));

        try (Store crashed = Stores.open("streamstore:jdbc:h2:file:" + copy.resolve("db"))) {
          Optional<RecoveredState> state = crashed.recover();
          assertThat(state).as("state in the copy after flush " + seq).isPresent();
          assertThat(state.get().info().getClusterID()).isEqualTo("durable");
          RecoveredChannel rc = state.get().channels().get("orders");
          assertThat(rc).as("channel in the copy after flush " + seq).isNotNull();
          assertThat(rc.channel().msgs().lastSequence()).as("last after flush " + seq)
              .isEqualTo(seq);
          assertThat(rc.channel().msgs().lookup(seq).orElseThrow().getData().toStringUtf8())
              .isEqualTo("m" + seq);
          assertThat(rc.subscriptions()).hasSize(1);
          assertThat(rc.subscriptions().get(0).pending().contains(seq))
              .as("pending " + seq + " in the copy").isTrue();
        }
      }
    }
  }

  @Test
  void aUserWithoutAdminRightsIsRefusedAtOpenNotAtTheFirstFlush() throws Exception {
    Path db = tmp.resolve("rights").resolve("db");
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:h2:file:" + db);
        java.sql.Statement s = c.createStatement()) {
      s.execute("CREATE USER reader PASSWORD 'pw'");
      s.execute("GRANT ALTER ANY SCHEMA TO reader"); // may create tables, is no admin
    }
    assertThatThrownBy(() -> Stores.open("streamstore:jdbc:h2:file:" + db + ";USER=reader;PASSWORD=pw"))
        .isInstanceOf(JdbcStoreException.class)
        .hasMessageContaining("CHECKPOINT SYNC")
        .hasMessageContaining("admin");
  }
}
