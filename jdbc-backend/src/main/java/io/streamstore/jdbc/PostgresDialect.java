package io.streamstore.jdbc;

import java.sql.Connection;
import java.util.Map;

/**
 * PostgreSQL 12 and later through pgjdbc. Batched inserts are rewritten into multi-row inserts
 * ({@code reWriteBatchedInserts=true}) unless the URL says otherwise.
 */
final class PostgresDialect extends Dialect {

  @Override
  String name() {
    return "PostgreSQL";
  }

  @Override
  String binaryType() {
    return "BYTEA";
  }

  @Override
  String nameType() {
    return "VARCHAR(255)";
  }

  @Override
  String nowMillis() {
    return "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)";
  }

  /** A bytea value holds at most 1 GB; 1 MiB of that is left for the rest of the row and protocol. */
  static final long BYTEA_MAX = (1L << 30) - (1L << 20);

  /** {@value #BYTEA_MAX} bytes: see {@link #BYTEA_MAX}. */
  @Override
  long maxMessageSizeCeiling(Connection c) {
    return BYTEA_MAX;
  }

  @Override
  String maxMessageSizeReason() {
    return "PostgreSQL's 1 GB bytea limit";
  }

  @Override
  String sessionInitSql(java.time.Duration lease) {
    return "SET idle_in_transaction_session_timeout = " + Math.max(1, lease.toMillis());
  }

  @Override
  Map<String, String> defaultDriverProperties() {
    return Map.of("reWriteBatchedInserts", "true");
  }

  @Override
  String insertIgnoringDuplicate(String table, String columns, String key) {
    return "INSERT INTO " + table + " (" + columns + ") VALUES (" + Statements.placeholders(columns)
        + ") ON CONFLICT (" + key + ") DO NOTHING";
  }
}
