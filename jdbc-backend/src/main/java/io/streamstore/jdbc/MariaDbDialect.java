package io.streamstore.jdbc;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/**
 * MariaDB 10.5+ and MySQL 8 (InnoDB) through MariaDB Connector/J or MySQL Connector/J. Names are kept
 * as UTF-8 bytes in a VARBINARY column: the default collations compare case-insensitively and ignore
 * trailing spaces, and client ids must match exactly. Server-side prepared statements are switched on
 * unless the URL says otherwise.
 */
final class MariaDbDialect extends Dialect {

  @Override
  String name() {
    return "MariaDB/MySQL";
  }

  @Override
  String binaryType() {
    return "LONGBLOB";
  }

  @Override
  String nameType() {
    return "VARBINARY(255)";
  }

  @Override
  String tableOptions() {
    return " ENGINE=InnoDB";
  }

  /**
   * Server-side prepared statements, cached per connection: lookups run about twice as fast as with
   * the drivers' default client-side statements (both MariaDB and MySQL Connector/J know these).
   */
  @Override
  Map<String, String> defaultDriverProperties() {
    return Map.of("useServerPrepStmts", "true", "cachePrepStmts", "true");
  }

  /** What a message row needs besides the message in one packet (statement, other columns). */
  static final long PACKET_OVERHEAD = 64 * 1024;

  /**
   * The server's {@code max_allowed_packet} minus {@link #PACKET_OVERHEAD}: a larger INSERT is
   * refused by the server (and breaks the connection), and so would be the row when read back.
   */
  @Override
  long maxMessageSizeCeiling(Connection c) throws SQLException {
    try (java.sql.Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT @@max_allowed_packet")) {
      rs.next();
      return Math.max(1, rs.getLong(1) - PACKET_OVERHEAD);
    }
  }

  @Override
  String maxMessageSizeReason() {
    return "the server's max_allowed_packet minus " + PACKET_OVERHEAD + " bytes";
  }

  /** Error 1153 (ER_NET_PACKET_TOO_LARGE), or the drivers' own check of max_allowed_packet. */
  @Override
  boolean isTooLarge(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && (s.getErrorCode() == 1153
          || String.valueOf(s.getMessage()).contains("max_allowed_packet"))) {
        return true;
      }
    }
    return false;
  }

  @Override
  boolean transactionalDdl() {
    return false; // every DDL statement commits implicitly
  }

  @Override
  boolean chunkedAckDeletes() {
    return true;
  }

  @Override
  boolean inlineIndexes() {
    return true;
  }

  /** {@code LOCK IN SHARE MODE}: understood by MariaDB and by MySQL 5.7 and 8. */
  @Override
  String shareLockClause() {
    return " LOCK IN SHARE MODE";
  }

  /**
   * MariaDB 10.3+ has {@code idle_transaction_timeout} (whole seconds); MySQL has not, so the
   * setting is in a MariaDB-only executable comment and MySQL runs a harmless user-variable SET.
   */
  @Override
  String sessionInitSql(java.time.Duration lease) {
    long seconds = Math.max(1, (lease.toMillis() + 999) / 1000);
    return "SET @streamstore_session = 1 /*M!100300 , SESSION idle_transaction_timeout = " + seconds
        + " */";
  }

  @Override
  String nowMillis() {
    return "CAST(UNIX_TIMESTAMP(NOW(3)) * 1000 AS SIGNED)";
  }

  @Override
  void bindName(PreparedStatement ps, int index, String name) throws SQLException {
    ps.setBytes(index, name.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  String readName(ResultSet rs, int column) throws SQLException {
    return new String(rs.getBytes(column), StandardCharsets.UTF_8);
  }

  @Override
  boolean isDuplicateKey(SQLException e) {
    for (SQLException s = e; s != null; s = s.getNextException()) {
      if (s.getErrorCode() == 1062 || "23505".equals(s.getSQLState())) {
        return true;
      }
    }
    return super.isDuplicateKey(e);
  }

  @Override
  String insertIgnoringDuplicate(String table, String columns, String key) {
    String firstKey = key.split(",")[0].trim();
    return "INSERT INTO " + table + " (" + columns + ") VALUES (" + Statements.placeholders(columns)
        + ") ON DUPLICATE KEY UPDATE " + firstKey + " = " + firstKey;
  }
}
