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

  @Override
  boolean qualifiedIndexNames() {
    return true;
  }

  /**
   * Read-only opens an existing database only ({@code IFEXISTS}), with H2's own read-only access
   * mode and no {@code .trace.db} file.
   */
  @Override
  java.util.Map<String, String> readOnlyDriverProperties() {
    return java.util.Map.of("IFEXISTS", "TRUE", "ACCESS_MODE_DATA", "r", "TRACE_LEVEL_FILE", "0");
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
