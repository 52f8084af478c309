package io.streamstore.jdbc;

import io.streamstore.spi.StoreIOException;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A database operation of the JDBC backend failed: the database is down, the connection was lost, a
 * statement was refused or a commit failed. The message names the operation, the database and the
 * SQL state; {@link #sqlState()} gives the state for programs.
 *
 * <p>What callers may rely on: a failed {@code flush()} writes nothing of its batch (one transaction),
 * and the batch stays buffered, so a later successful {@code flush()} writes it exactly once, even
 * when the failure happened during the commit itself ({@link #commitInDoubt()}).
 */
public class JdbcStoreException extends StoreIOException {
  private static final long serialVersionUID = 1L;

  private final String sqlState;
  private final boolean commitInDoubt;
  private final boolean tooLarge;

  /**
   * A failure of {@code what} on {@code database}.
   *
   * @param what the operation, e.g. {@code "flush of channel foo"}
   * @param database the database kind, e.g. {@code PostgreSQL}
   * @param cause the driver's exception
   * @param commitInDoubt whether the failure happened while committing
   */
  public JdbcStoreException(String what, String database, SQLException cause, boolean commitInDoubt) {
    this(what, database, cause, commitInDoubt, false);
  }

  /**
   * A failure of {@code what} on {@code database}; {@code tooLarge} when the database refused a
   * statement or row as too large (e.g. MariaDB's {@code max_allowed_packet}), which no retry heals.
   */
  public JdbcStoreException(String what, String database, SQLException cause, boolean commitInDoubt,
      boolean tooLarge) {
    super(describe(what, database, cause, commitInDoubt, tooLarge), cause);
    this.sqlState = cause.getSQLState();
    this.commitInDoubt = commitInDoubt;
    this.tooLarge = tooLarge;
  }

  /**
   * Whether the database refused the data as too large for it: permanent, unlike a lost connection
   * (a message above {@code maxMessageSize} is refused before this can happen).
   */
  public boolean tooLarge() {
    return tooLarge;
  }

  /** The SQL state reported by the driver, when it gave one (e.g. {@code 08006}, {@code 57P01}). */
  public Optional<String> sqlState() {
    return Optional.ofNullable(sqlState);
  }

  /** Whether the failure happened during COMMIT, so the transaction may or may not have been applied. */
  public boolean commitInDoubt() {
    return commitInDoubt;
  }

  private static String describe(
      String what, String database, SQLException cause, boolean commitInDoubt, boolean tooLarge) {
    StringBuilder sb = new StringBuilder();
    sb.append(what).append(" failed on ").append(database);
    sb.append(" (SQLState ").append(cause.getSQLState() == null ? "none" : cause.getSQLState());
    if (cause.getErrorCode() != 0) {
      sb.append(", error ").append(cause.getErrorCode());
    }
    sb.append("): ").append(shortMessage(cause));
    if (tooLarge) {
      sb.append("; the database refused the data as too large (e.g. MariaDB/MySQL max_allowed_packet):"
          + " this is permanent, retrying fails the same way");
    } else if (commitInDoubt) {
      sb.append("; the commit may or may not have been applied: the batch stays buffered and the"
          + " next flush() writes it without duplicates");
    } else if (isConnectionProblem(cause.getSQLState())) {
      sb.append("; the database is unreachable or the connection was lost: buffered data is kept"
          + " and the next call retries once the database is back");
    }
    return sb.toString();
  }

  /**
   * The driver's message without the batch's SQL text and values (pgjdbc includes them), and
   * without credentials should the driver quote its URL.
   */
  private static String shortMessage(SQLException cause) {
    SQLException source = cause;
    if (cause instanceof java.sql.BatchUpdateException && cause.getNextException() != null) {
      source = cause.getNextException();
    }
    String m = io.streamstore.StoreUrl.redact(String.valueOf(source.getMessage()));
    return m.length() <= 300 ? m : m.substring(0, 300) + "...";
  }

  private static boolean isConnectionProblem(String state) {
    return state != null && (state.startsWith("08") || state.startsWith("57P"));
  }
}
