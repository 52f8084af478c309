package io.streamstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.streamstore.Stores;
import io.streamstore.proto.MsgProto;
import io.streamstore.proto.ServerInfo;
import io.streamstore.proto.SubState;
import io.streamstore.spi.Channel;
import io.streamstore.spi.NotFoundException;
import io.streamstore.spi.NotSupportedException;
import io.streamstore.spi.RecoveredState;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code readOnly=true} writes nothing: an empty database gets no table (the open fails with
 * {@link NotFoundException}), an H2 file gets no new file, and an existing store is read while
 * every change is refused. On H2 (file) always; on PostgreSQL and MariaDB when configured.
 */
class ReadOnlyStoreTest {

  @TempDir Path tmp;

  private TestDatabase database(String kind) {
    return switch (kind) {
      case "h2" -> TestDatabase.h2File(tmp);
      case "postgres" -> TestDatabase.postgres();
      case "mariadb" -> TestDatabase.mariadb();
      default -> throw new IllegalArgumentException(kind);
    };
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgres", "mariadb"})
  void anEmptyDatabaseIsNoStoreAndGetsNoTable(String kind) throws Exception {
    try (TestDatabase db = database(kind)) {
      if (!kind.equals("h2")) {
        try (Connection c = db.connect()) {
          assertThat(tables(c)).isEmpty(); // the private schema or database exists, empty
        }
      }
      assertThatThrownBy(() -> Stores.open(db.storeUrl("readOnly=true")).close())
          .isInstanceOf(StoreException.class)
          .satisfies(e -> assertThat(e).isInstanceOfAny(NotFoundException.class,
              JdbcStoreException.class));
      if (kind.equals("h2")) {
        try (Stream<Path> files = Files.list(tmp)) {
          assertThat(files).as("no database file, no .trace.db").isEmpty();
        }
      } else {
        assertThatThrownBy(() -> Stores.open(db.storeUrl("readOnly=true")).close())
            .isInstanceOf(NotFoundException.class).hasMessageContaining("no store here");
        try (Connection c = db.connect()) {
          assertThat(tables(c)).isEmpty();
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgres", "mariadb"})
  void anExistingStoreIsReadAndEveryChangeIsRefused(String kind) throws Exception {
    try (TestDatabase db = database(kind)) {
      try (Store store = Stores.open(db.storeUrl(""))) {
        store.init(ServerInfo.newBuilder().setClusterID("c").build());
        Channel ch = store.createChannel("orders");
        for (long seq = 1; seq <= 3; seq++) {
          ch.msgs().store(MsgProto.newBuilder().setSequence(seq).setSubject("orders")
              .setData(ByteString.copyFromUtf8("m" + seq)).build());
        }
        long sub = ch.subs().createSub(SubState.newBuilder().setClientID("a").build());
        ch.subs().addSeqPending(sub, 2);
        ch.msgs().flush();
        ch.subs().flush();
      }
      List<String> filesBefore = h2Files(kind);
      try (Store ro = Stores.open(db.storeUrl("readOnly=true"))) {
        RecoveredState state = ro.recover().orElseThrow();
        Channel ch = state.channels().get("orders").channel();
        assertThat(ch.msgs().lookup(3).orElseThrow().getData().toStringUtf8()).isEqualTo("m3");
        long sub = state.channels().get("orders").subscriptions().get(0).sub().getID();
        List<Function<Store, Object>> changes = List.of(
            s -> s.tryExclusiveLock(),
            s -> s.createChannel("other"),
            s -> {
              s.init(ServerInfo.newBuilder().setClusterID("x").build());
              return null;
            });
        for (Function<Store, Object> change : changes) {
          assertThatThrownBy(() -> change.apply(ro)).isInstanceOf(NotSupportedException.class);
        }
        assertThatThrownBy(() -> ch.msgs().store(MsgProto.newBuilder().setSequence(4).build()))
            .isInstanceOf(NotSupportedException.class);
        assertThatThrownBy(() -> ch.subs().ackSeqPending(sub, 2))
            .isInstanceOf(NotSupportedException.class);
        assertThatThrownBy(() -> ch.subs().createSub(SubState.newBuilder().setClientID("b").build()))
            .isInstanceOf(NotSupportedException.class);
      }
      assertThat(h2Files(kind)).as("H2 files unchanged").isEqualTo(filesBefore);
      try (Store again = Stores.open(db.storeUrl(""))) {
        RecoveredState state = again.recover().orElseThrow();
        assertThat(state.channels()).containsOnlyKeys("orders");
        assertThat(state.channels().get("orders").subscriptions().get(0).pending().size())
            .isEqualTo(1);
      }
    }
  }

  /**
   * A read-only store writes nothing, so it reads (recovers) also while another store holds the
   * exclusive lock and writes: what {@code info}, {@code dump} and {@code verify} do on a live store.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgres", "mariadb"})
  void aReadOnlyStoreRecoversWhileAnotherHoldsTheLock(String kind) throws Exception {
    try (TestDatabase db = database(kind); Store writer = Stores.open(db.storeUrl(""))) {
      assertThat(writer.tryExclusiveLock()).isTrue();
      writer.init(ServerInfo.newBuilder().setClusterID("c").build());
      Channel ch = writer.createChannel("orders");
      ch.msgs().store(MsgProto.newBuilder().setSequence(1).setSubject("orders")
          .setData(ByteString.copyFromUtf8("m1")).build());
      ch.msgs().flush();
      try (Store ro = Stores.open(db.storeUrl("readOnly=true"))) {
        RecoveredState state = ro.recover().orElseThrow();
        assertThat(state.channels().get("orders").channel().msgs().lookup(1).orElseThrow()
            .getData().toStringUtf8()).isEqualTo("m1");
        assertThatThrownBy(() -> state.channels().get("orders").channel().msgs()
            .store(MsgProto.newBuilder().setSequence(2).build()))
            .isInstanceOf(NotSupportedException.class);
      }
      ch.msgs().store(MsgProto.newBuilder().setSequence(2).setSubject("orders").build());
      ch.msgs().flush();
      assertThat(ch.msgs().lastSequence()).as("the writer writes on").isEqualTo(2);
    }
  }

  /** Name, size and modification time of every file of an H2 store (empty for the servers). */
  private List<String> h2Files(String kind) throws Exception {
    List<String> out = new ArrayList<>();
    if (kind.equals("h2")) {
      try (Stream<Path> files = Files.list(tmp)) {
        for (Path p : files.sorted().toList()) {
          out.add(p.getFileName() + " " + Files.size(p) + " " + Files.getLastModifiedTime(p)
              + " " + java.util.Arrays.hashCode(Files.readAllBytes(p)));
        }
      }
    }
    return out;
  }

  private static List<String> tables(Connection c) throws Exception {
    List<String> names = new ArrayList<>();
    String catalog = c.getCatalog();
    String schema = c.getSchema();
    try (ResultSet rs = c.getMetaData().getTables(catalog, schema, "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        names.add(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
      }
    }
    return names;
  }
}
