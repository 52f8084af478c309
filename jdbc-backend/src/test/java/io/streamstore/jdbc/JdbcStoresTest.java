package io.streamstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.streamstore.proto.MsgProto;
import io.streamstore.proto.ServerInfo;
import io.streamstore.spi.Channel;
import io.streamstore.spi.InvalidOptionException;
import io.streamstore.spi.RecoveredState;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** Stores opened on an application's own {@link DataSource} through {@link JdbcStores}. */
class JdbcStoresTest {

  private static String h2Url() {
    return "jdbc:h2:mem:app" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
  }

  private static MsgProto msg(long seq) {
    return MsgProto.newBuilder().setSequence(seq).setSubject("orders")
        .setData(ByteString.copyFromUtf8("m" + seq)).setTimestamp(seq).build();
  }

  private static Properties options(String... pairs) {
    Properties p = new Properties();
    for (int i = 0; i < pairs.length; i += 2) {
      p.setProperty(pairs[i], pairs[i + 1]);
    }
    return p;
  }

  /** Writes through one store, closes it, and recovers the data through a second one. */
  private static void roundTrip(DataSource ds, Properties options) throws Exception {
    try (JdbcStore store = JdbcStores.open(ds, options)) {
      assertThat(store.recover()).isEmpty();
      store.init(ServerInfo.newBuilder().setClusterID("app").build());
      Channel ch = store.createChannel("orders");
      for (long seq = 1; seq <= 5; seq++) {
        ch.msgs().store(msg(seq));
      }
      ch.msgs().flush();
    }
    try (Connection c = ds.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + prefix(options) + "messages")) {
      rs.next();
      assertThat(rs.getInt(1)).as("the data source still works after the store closed").isEqualTo(5);
    }
    try (JdbcStore store = JdbcStores.open(ds, options)) {
      RecoveredState state = store.recover().orElseThrow();
      Channel ch = state.channels().get("orders").channel();
      assertThat(ch.msgs().lastSequence()).isEqualTo(5);
      assertThat(ch.msgs().lookup(3)).contains(msg(3));
    }
  }

  private static String prefix(Properties options) {
    return options.getProperty("tablePrefix", "ss_");
  }

  @Test
  void opensOnAnApplicationsHikariPoolAndLeavesItOpen() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(h2Url());
    config.setMaximumPoolSize(3);
    config.setPoolName("application");
    try (HikariDataSource ds = new HikariDataSource(config)) {
      roundTrip(ds, options("batchSize", "2", "tablePrefix", "app_"));
      assertThat(ds.isClosed()).isFalse();
    }
  }

  @Test
  void worksOnAPoolWhoseConnectionsAreNotAutoCommit() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(h2Url());
    config.setAutoCommit(false);
    try (HikariDataSource ds = new HikariDataSource(config)) {
      roundTrip(ds, new Properties());
    }
  }

  @Test
  void opensOnH2sOwnDataSource() throws Exception {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL(h2Url());
    roundTrip(ds, options("noCaching", "true"));
  }

  @Test
  void opensOnAPostgresPool() throws Exception {
    try (TestDatabase db = TestDatabase.postgres()) {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(db.jdbcUrl());
      config.setMaximumPoolSize(2);
      try (HikariDataSource ds = new HikariDataSource(config)) {
        roundTrip(ds, new Properties());
      }
    }
  }

  @Test
  void refusesPoolOptionsAndUnknownOptionsByName() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL(h2Url());
    assertThatThrownBy(() -> JdbcStores.open(ds, options("maxPoolSize", "8")))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("maxPoolSize")
        .hasMessageContaining("DataSource");
    assertThatThrownBy(() -> JdbcStores.open(ds, options("batchSise", "8")))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("batchSise")
        .hasMessageNotContaining("known options: [batchSize, connectionTimeout");
    assertThatThrownBy(() -> JdbcStores.open(ds, options("retryDelay", "1ms")))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("retryDelay");
  }

  @Test
  void aDataSourceThatCannotConnectIsAJdbcStoreException() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:file:/nonexistent-dir-" + UUID.randomUUID() + "/x;IFEXISTS=TRUE");
    assertThatThrownBy(() -> JdbcStores.open(ds)).isInstanceOf(JdbcStoreException.class);
  }
}
