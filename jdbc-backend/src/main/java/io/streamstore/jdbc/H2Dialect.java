package io.streamstore.jdbc;

/** H2 2.x, embedded (file or in-memory). Options after the location are written {@code ;KEY=VALUE}. */
final class H2Dialect extends Dialect {

  @Override
  String name() {
    return "H2";
  }

  @Override
  String binaryType() {
    return "VARBINARY";
  }

  @Override
  String nameType() {
    return "VARCHAR(255)";
  }

  @Override
  String nowMillis() {
    return "CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000 AS BIGINT)";
  }

  /** H2 has no shared row locks: its fencing SELECT locks the row exclusively. */
  @Override
  String shareLockClause() {
    return " FOR UPDATE";
  }

  @Override
  boolean qualifiedIndexNames() {
    return true;
  }

  @Override
  char firstOptionSeparator() {
    return ';';
  }

  @Override
  char optionSeparator() {
    return ';';
  }

  @Override
  String insertIgnoringDuplicate(String table, String columns, String key) {
    return "MERGE INTO " + table + " (" + columns + ") KEY (" + key + ") VALUES ("
        + Statements.placeholders(columns) + ")";
  }
}
