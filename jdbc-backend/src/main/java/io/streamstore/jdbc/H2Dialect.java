package io.streamstore.jdbc;

import java.sql.Connection;

/**
 * H2 2.x, embedded (file or in-memory). Options after the location are written {@code ;KEY=VALUE}.
 *
 * <p>H2's COMMIT only marks the transaction committed in memory: its MVStore writes committed
 * changes to the file later, on a background thread ({@code WRITE_DELAY}, 500 ms by default), and
 * its own "write now" path ({@code WRITE_DELAY=0}) gives up when another thread is writing the
 * store at that moment. So a kill -9 right after a returned flush lost the flush (and, on a young
 * database, everything). For a database in a file, every write transaction therefore ends with
 * {@code CHECKPOINT SYNC}, which waits for the store lock, writes every committed change to the
 * file and forces it to the device. It needs an admin user (the user that created the database is
 * one; the default user is).
 */
final class H2Dialect extends Dialect {

  private final boolean persistent;

  /** An H2 dialect; {@code persistent} for a database in a file (or on an H2 server). */
  H2Dialect(boolean persistent) {
    this.persistent = persistent;
  }

  /**
   * 16 MiB, default and bound: a 64–65 MB message was reported to have corrupted an H2 file (not
   * reproduced here since writes end with a checkpoint), so H2 keeps well below that, and far from
   * VARBINARY's 1,000,000,000-byte limit.
   */
  @Override
  long maxMessageSizeCeiling(Connection c) {
    return 16L * 1024 * 1024;
  }

  @Override
  String maxMessageSizeReason() {
    return "the H2 bound of 16 MiB";
  }

  @Override
  String afterCommit() {
    return persistent ? "CHECKPOINT SYNC" : null;
  }

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
