package io.streamstore.jdbc;

/**
 * Every SQL statement the store runs, built once from the table names and the dialect. Values are
 * always bound parameters; only the validated table names are part of the text.
 */
final class Statements {

  final String insertMessage;
  final String lookupMessage;
  final String messagesInRange;
  final String headOfLog;
  final String seqForTimestamp;
  final String deleteMessagesThrough;
  final String updateChannelState;
  final String insertChannel;
  final String updateChannelMaxSubId;
  final String deleteChannel;
  final String deleteChannelMessages;
  final String deleteChannelSubs;
  final String deleteChannelPending;
  final String selectChannels;
  final String maxChannelId;
  final String countChannels;

  final String insertSub;
  final String updateSubState;
  final String updateSubLastSent;
  final String deleteSub;
  final String deleteSubPending;
  final String insertPending;
  final String deletePending;
  /** Deletes {@link #ACK_CHUNK} pending rows of one subscription in one statement. */
  final String deletePendingChunk;
  final String selectSubs;
  final String selectPending;

  final String deleteServerInfo;
  final String insertServerInfo;
  final String selectServerInfo;
  final String deleteClient;
  final String insertClient;
  final String selectClients;

  final String acquireLock;
  final String refreshLock;
  final String releaseLock;
  /** The lock row's owner and whether its lease is live (1 or 0). */
  final String lockState;
  /** {@link #lockState}, row-locked until the end of the transaction (see {@code LeaseLock.fence}). */
  final String fenceLock;

  /** How many acks one set-based DELETE removes. */
  static final int ACK_CHUNK = 128;

  Statements(Tables t, Dialect d) {
    String msgs = t.messages();
    insertMessage =
        "INSERT INTO " + msgs + " (channel_id, seq, ts, msg_size, data) VALUES (?, ?, ?, ?, ?)";
    lookupMessage = "SELECT data FROM " + msgs + " WHERE channel_id = ? AND seq = ?";
    messagesInRange =
        "SELECT seq, data FROM " + msgs + " WHERE channel_id = ? AND seq >= ? AND seq <= ?";
    headOfLog = "SELECT seq, msg_size, ts FROM " + msgs
        + " WHERE channel_id = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?";
    seqForTimestamp = "SELECT seq FROM " + msgs
        + " WHERE channel_id = ? AND ts >= ? AND seq >= ? AND seq <= ? ORDER BY ts, seq LIMIT 1";
    deleteMessagesThrough = "DELETE FROM " + msgs + " WHERE channel_id = ? AND seq <= ?";

    String ch = t.channels();
    updateChannelState = "UPDATE " + ch
        + " SET first_seq = ?, last_seq = ?, msg_count = ?, msg_bytes = ? WHERE channel_id = ?";
    insertChannel = "INSERT INTO " + ch + " (channel_id, name, first_seq, last_seq, msg_count,"
        + " msg_bytes, max_sub_id) VALUES (?, ?, 0, 0, 0, 0, 0)";
    updateChannelMaxSubId = "UPDATE " + ch + " SET max_sub_id = ? WHERE channel_id = ?";
    deleteChannel = "DELETE FROM " + ch + " WHERE channel_id = ?";
    deleteChannelMessages = "DELETE FROM " + msgs + " WHERE channel_id = ?";
    deleteChannelSubs = "DELETE FROM " + t.subscriptions() + " WHERE channel_id = ?";
    deleteChannelPending = "DELETE FROM " + t.pending() + " WHERE channel_id = ?";
    selectChannels = "SELECT channel_id, name, first_seq, last_seq, msg_count, msg_bytes,"
        + " max_sub_id FROM " + ch + " ORDER BY channel_id";
    maxChannelId = "SELECT COALESCE(MAX(channel_id), 0) FROM " + ch;
    countChannels = "SELECT COUNT(*) FROM " + ch;

    String subs = t.subscriptions();
    insertSub = "INSERT INTO " + subs + " (channel_id, sub_id, last_sent, state) VALUES (?, ?, ?, ?)";
    updateSubState =
        "UPDATE " + subs + " SET state = ?, last_sent = ? WHERE channel_id = ? AND sub_id = ?";
    updateSubLastSent =
        "UPDATE " + subs + " SET last_sent = ? WHERE channel_id = ? AND sub_id = ?";
    deleteSub = "DELETE FROM " + subs + " WHERE channel_id = ? AND sub_id = ?";
    deleteSubPending = "DELETE FROM " + t.pending() + " WHERE channel_id = ? AND sub_id = ?";
    insertPending =
        d.insertIgnoringDuplicate(t.pending(), "channel_id, sub_id, seq", "channel_id, sub_id, seq");
    deletePending =
        "DELETE FROM " + t.pending() + " WHERE channel_id = ? AND sub_id = ? AND seq = ?";
    deletePendingChunk = "DELETE FROM " + t.pending()
        + " WHERE channel_id = ? AND sub_id = ? AND seq IN (?" + ", ?".repeat(ACK_CHUNK - 1) + ")";
    selectSubs = "SELECT sub_id, last_sent, state FROM " + subs
        + " WHERE channel_id = ? ORDER BY sub_id";
    selectPending = "SELECT sub_id, seq FROM " + t.pending()
        + " WHERE channel_id = ? ORDER BY sub_id, seq";

    deleteServerInfo = "DELETE FROM " + t.serverInfo();
    insertServerInfo = "INSERT INTO " + t.serverInfo() + " (id, info) VALUES (1, ?)";
    selectServerInfo = "SELECT info FROM " + t.serverInfo() + " WHERE id = 1";
    deleteClient = "DELETE FROM " + t.clients() + " WHERE client_id = ?";
    insertClient = "INSERT INTO " + t.clients() + " (client_id, info) VALUES (?, ?)";
    selectClients = "SELECT client_id, info FROM " + t.clients();

    String now = d.nowMillis();
    String row = " WHERE lock_name = '" + Schema.LOCK_ROW + "'";
    acquireLock = "UPDATE " + t.lock() + " SET owner_id = ?, expires_at = " + now + " + ?" + row
        + " AND (owner_id IS NULL OR owner_id = ? OR expires_at < " + now + ")";
    refreshLock =
        "UPDATE " + t.lock() + " SET expires_at = " + now + " + ?" + row + " AND owner_id = ?";
    releaseLock =
        "UPDATE " + t.lock() + " SET owner_id = NULL, expires_at = 0" + row + " AND owner_id = ?";
    lockState = "SELECT owner_id, CASE WHEN expires_at > " + now + " THEN 1 ELSE 0 END FROM "
        + t.lock() + row;
    fenceLock = lockState + d.shareLockClause();
  }

  /** {@code ?, ?, ?} for a comma-separated column list. */
  static String placeholders(String columns) {
    int n = columns.split(",").length;
    return "?" + ", ?".repeat(n - 1);
  }
}
