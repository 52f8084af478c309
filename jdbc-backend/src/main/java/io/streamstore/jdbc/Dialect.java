package io.streamstore.jdbc;

import io.streamstore.spi.InvalidOptionException;
import io.streamstore.spi.MessageSizeLimit;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/**
 * What differs between the databases the JDBC backend supports: column types, how an index is
 * created, how names are bound, the database's clock, and defaults for the JDBC driver. Everything
 * else (the statements themselves) is shared.
 */
abstract class Dialect {

  /** The dialect for a JDBC URL such as {@code jdbc:postgresql://host/db}. */
  static Dialect forJdbcUrl(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:h2:")) {
      return new H2Dialect(!jdbcUrl.startsWith("jdbc:h2:mem:"));
    }
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      return new PostgresDialect();
    }
    if (jdbcUrl.startsWith("jdbc:mariadb:") || jdbcUrl.startsWith("jdbc:mysql:")) {
      return new MariaDbDialect();
    }
    throw new InvalidOptionException(
        "unsupported database in " + jdbcUrl + "; the JDBC backend supports jdbc:h2:,"
            + " jdbc:postgresql:, jdbc:mariadb: and jdbc:mysql: URLs");
  }

  /** Short name for messages and logs, e.g. {@code PostgreSQL}. */
  abstract String name();

  /** Column type holding protobuf bytes of any size a message can have. */
  abstract String binaryType();

  /** Column type holding a channel name or client id (at most 255 UTF-8 bytes), compared exactly. */
  abstract String nameType();

  /** Appended to every CREATE TABLE (storage engine, character set). */
  String tableOptions() {
    return "";
  }

  /** Whether secondary indexes are declared inside CREATE TABLE instead of CREATE INDEX. */
  boolean inlineIndexes() {
    return false;
  }

  /** Whether DDL runs inside a transaction (so a schema is created all or nothing). */
  boolean transactionalDdl() {
    return true;
  }

  /** Whether CREATE INDEX names the index with its schema (H2) or not (it follows the table). */
  boolean qualifiedIndexNames() {
    return false;
  }

  /** An SQL expression giving the database server's wall clock in milliseconds since the epoch. */
  abstract String nowMillis();

  /**
   * Appended to the SELECT that fences a write: a row lock held until the transaction ends, which a
   * takeover's UPDATE of the lock row must wait for. Shared where the database has shared row locks,
   * so the flushes of different channels do not queue behind each other.
   */
  String shareLockClause() {
    return " FOR SHARE";
  }

  /**
   * SQL run on every new connection so that a transaction left open by a frozen process (SIGSTOP, a
   * stalled VM) is aborted by the server after {@code lease}, releasing its row locks: otherwise a
   * frozen lock holder in the middle of a flush would keep a standby from ever taking the lock.
   * Null where the database has no such setting.
   */
  String sessionInitSql(java.time.Duration lease) {
    return null;
  }

  /** Character that separates pass-through options from the location in the JDBC URL. */
  char firstOptionSeparator() {
    return '?';
  }

  /** Character between two pass-through options in the JDBC URL. */
  char optionSeparator() {
    return '&';
  }

  /**
   * Whether acks are deleted a chunk at a time with {@code seq IN (...)} rather than one row per
   * batch entry. Pays off where the driver sends batch entries one by one (MariaDB); PostgreSQL
   * pipelines single-row deletes well and may plan an IN list on a fresh table as a scan.
   */
  boolean chunkedAckDeletes() {
    return false;
  }

  /**
   * Driver properties for a {@code readOnly} store, set unless the user gives them: whatever keeps
   * the driver itself from writing (H2 writes its files on open otherwise).
   */
  Map<String, String> readOnlyDriverProperties() {
    return Map.of();
  }

  /**
   * A statement run on the same connection right after a successful COMMIT, before the write counts
   * as done, for a database whose COMMIT alone does not write the transaction out; null when COMMIT
   * is enough (PostgreSQL, MariaDB/MySQL, in-memory H2).
   */
  String afterCommit() {
    return null;
  }

  /** The maximum message size when option {@code maxMessageSize} is not given. */
  long defaultMaxMessageSize(long ceiling) {
    return Math.min(MessageSizeLimit.DEFAULT, ceiling);
  }

  /**
   * The largest message this database can take in one row, read from the server where it decides
   * (MariaDB's {@code max_allowed_packet}); {@code c} is a fresh connection.
   */
  abstract long maxMessageSizeCeiling(Connection c) throws SQLException;

  /** What sets {@link #maxMessageSizeCeiling}, for error messages. */
  abstract String maxMessageSizeReason();

  /**
   * Whether {@code e} says a statement or row was too large for the server (it cannot succeed by
   * retrying, unlike a lost connection).
   */
  boolean isTooLarge(SQLException e) {
    return false;
  }

  /** Driver properties set unless the user gives them (performance defaults). */
  Map<String, String> defaultDriverProperties() {
    return Map.of();
  }

  /**
   * An INSERT of {@code columns} into {@code table} that silently skips a row whose primary key
   * ({@code key}) already exists.
   */
  abstract String insertIgnoringDuplicate(String table, String columns, String key);

  /** Binds a channel name or client id. */
  void bindName(PreparedStatement ps, int index, String name) throws SQLException {
    ps.setString(index, name);
  }

  /** Reads a channel name or client id. */
  String readName(ResultSet rs, int column) throws SQLException {
    return rs.getString(column);
  }

  /** Whether {@code e} reports a duplicate primary or unique key. */
  boolean isDuplicateKey(SQLException e) {
    for (SQLException s = e; s != null; s = s.getNextException()) {
      if ("23505".equals(s.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return name();
  }
}
