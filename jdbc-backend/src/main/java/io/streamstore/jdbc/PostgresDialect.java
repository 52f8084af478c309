package io.streamstore.jdbc;

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
