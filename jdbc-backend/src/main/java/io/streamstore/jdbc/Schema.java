package io.streamstore.jdbc;

import io.streamstore.spi.CorruptedDataException;
import io.streamstore.spi.NotFoundException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the store's tables on first open and records the schema version, so that a later release
 * can migrate. Only what is missing is created ({@code CREATE ... IF NOT EXISTS}); nothing is ever
 * dropped or altered destructively.
 *
 * <p>Version 1 tables (prefix omitted): {@code schema_version}, {@code server_info} (one row),
 * {@code clients}, {@code channels} (one row per channel with its first/last sequence, count, bytes
 * and highest subscription id), {@code messages} (primary key (channel_id, seq), index (channel_id,
 * ts, seq)), {@code subscriptions}, {@code pending} (one row per pending (sub, seq)) and {@code
 * store_lock}.
 */
final class Schema {

  /** The version this code writes and reads. */
  static final int VERSION = 1;

  /** Name of the single lock row. */
  static final String LOCK_ROW = "store";

  private static final Logger LOG = LoggerFactory.getLogger(Schema.class);

  private final Dialect dialect;
  private final Tables t;

  Schema(Dialect dialect, Tables tables) {
    this.dialect = dialect;
    this.t = tables;
  }

  /** The DDL of version 1, in creation order. */
  List<String> createStatements() {
    String blob = dialect.binaryType();
    String name = dialect.nameType();
    String opts = dialect.tableOptions();
    List<String> ddl = new ArrayList<>();
    if (!t.schema().isEmpty()) {
      ddl.add("CREATE SCHEMA IF NOT EXISTS " + t.schema());
    }
    ddl.add("CREATE TABLE IF NOT EXISTS " + t.schemaVersion()
        + " (version INT NOT NULL PRIMARY KEY, installed_at BIGINT NOT NULL)" + opts);
    ddl.add("CREATE TABLE IF NOT EXISTS " + t.serverInfo()
        + " (id INT NOT NULL PRIMARY KEY, info " + blob + " NOT NULL)" + opts);
    ddl.add("CREATE TABLE IF NOT EXISTS " + t.clients()
        + " (client_id " + name + " NOT NULL PRIMARY KEY, info " + blob + " NOT NULL)" + opts);
    ddl.add("CREATE TABLE IF NOT EXISTS " + t.channels()
        + " (channel_id BIGINT NOT NULL PRIMARY KEY, name " + name + " NOT NULL,"
        + " first_seq BIGINT NOT NULL, last_seq BIGINT NOT NULL, msg_count BIGINT NOT NULL,"
        + " msg_bytes BIGINT NOT NULL, max_sub_id BIGINT NOT NULL, UNIQUE (name))" + opts);
    String tsIndex = t.index("messages_ts", dialect);
    ddl.add("CREATE TABLE IF NOT EXISTS " + t.messages()
        + " (channel_id BIGINT NOT NULL, seq BIGINT NOT NULL, ts BIGINT NOT NULL,"
        + " msg_size INT NOT NULL, data " + blob + " NOT NULL, PRIMARY KEY (channel_id, seq)"
        + (dialect.inlineIndexes() ? ", INDEX " + tsIndex + " (channel_id, ts, seq)" : "")
        + ")" + opts);
    if (!dialect.inlineIndexes()) {
      ddl.add("CREATE INDEX IF NOT EXISTS " + tsIndex + " ON " + t.messages()
          + " (channel_id, ts, seq)");
    }
    ddl.add("CREATE TABLE IF NOT EXISTS " + t.subscriptions()
        + " (channel_id BIGINT NOT NULL, sub_id BIGINT NOT NULL, last_sent BIGINT NOT NULL,"
        + " state " + blob + " NOT NULL, PRIMARY KEY (channel_id, sub_id))" + opts);
    ddl.add("CREATE TABLE IF NOT EXISTS " + t.pending()
        + " (channel_id BIGINT NOT NULL, sub_id BIGINT NOT NULL, seq BIGINT NOT NULL,"
        + " PRIMARY KEY (channel_id, sub_id, seq))" + opts);
    ddl.add("CREATE TABLE IF NOT EXISTS " + t.lock()
        + " (lock_name VARCHAR(32) NOT NULL PRIMARY KEY, owner_id VARCHAR(64),"
        + " expires_at BIGINT NOT NULL)" + opts);
    return ddl;
  }

  /**
   * Creates what is missing and checks the version. Where DDL is transactional (PostgreSQL, H2) the
   * whole schema is created in one transaction; elsewhere the version row, written last, marks a
   * complete schema. Two stores opening a fresh database at once may
   * race on CREATE; the loser retries once.
   *
   * @throws CorruptedDataException if the database holds a newer schema version than this code
   */
  void ensure(Connection c) throws SQLException {
    try {
      createAndRecord(c);
    } catch (SQLException first) {
      LOG.debug("schema creation raced or failed ({}); retrying once", first.toString());
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw first;
      }
      createAndRecord(c);
    }
  }

  private void createAndRecord(Connection c) throws SQLException {
    c.setAutoCommit(true);
    int found = probeVersion(c);
    if (found > VERSION) {
      throw new CorruptedDataException("the database uses schema version " + found + " (table "
          + t.schemaVersion() + "), but this version of streamstore understands only up to "
          + VERSION + "; upgrade streamstore");
    }
    if (found == VERSION) {
      return; // the version row is written last, so every table of this version is there
    }
    // Later versions migrate here (found between 1 and VERSION - 1), one step per version.
    boolean transactional = dialect.transactionalDdl();
    c.setAutoCommit(!transactional);
    try {
      try (Statement s = c.createStatement()) {
        for (String ddl : createStatements()) {
          s.execute(ddl);
        }
      }
      insertIgnoringDuplicate(c, "INSERT INTO " + t.lock()
          + " (lock_name, owner_id, expires_at) VALUES ('" + LOCK_ROW + "', NULL, ?)", 0L);
      insertIgnoringDuplicate(c, "INSERT INTO " + t.schemaVersion()
          + " (version, installed_at) VALUES (" + VERSION + ", ?)", System.currentTimeMillis());
      if (transactional) {
        c.commit();
      }
    } catch (SQLException | RuntimeException e) {
      if (transactional) {
        c.rollback();
      }
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
    LOG.info("created streamstore schema version {} ({} tables {}*)", VERSION, dialect,
        t.schemaVersion().replace("schema_version", ""));
  }

  /**
   * Checks, without writing, that the store's tables are there in a version this code reads (a
   * {@code readOnly} open).
   *
   * @throws NotFoundException if the database holds no store (no version table or no version)
   * @throws CorruptedDataException if it holds a newer version
   */
  void check(Connection c, String database) {
    int found = probeVersion(c);
    if (found <= 0) {
      throw new NotFoundException("no store here: " + database + " has no streamstore tables ("
          + t.schemaVersion() + (found == 0 ? " is empty" : " does not exist") + "); opened"
          + " read-only, so nothing was created");
    }
    if (found > VERSION) {
      throw new CorruptedDataException("the database uses schema version " + found + " (table "
          + t.schemaVersion() + "), but this version of streamstore understands only up to "
          + VERSION + "; upgrade streamstore");
    }
  }

  /** The recorded version; 0 when the version table is empty, -1 when it does not exist. */
  private int probeVersion(Connection c) {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT MAX(version) FROM " + t.schemaVersion())) {
      return rs.next() ? rs.getInt(1) : 0;
    } catch (SQLException missing) {
      return -1;
    }
  }

  private void insertIgnoringDuplicate(Connection c, String sql, long param) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, param);
      ps.executeUpdate();
    } catch (SQLException e) {
      if (!dialect.isDuplicateKey(e)) {
        throw e;
      }
    }
  }
}
