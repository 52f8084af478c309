package io.streamstore.jdbc;

/**
 * The tables of NATS Streaming's SQL store (schema version 1, its {@code scripts/postgres.db.sql} and
 * {@code scripts/mysql.db.sql}) and the queries that read them. Names are written unquoted in the
 * case NATS Streaming created them with, which PostgreSQL folds to lower case and MySQL/MariaDB keep.
 */
final class NssTables {

  /** The only schema version NATS Streaming v0.25 writes in {@code ServerInfo.version}. */
  static final int VERSION = 1;

  final String serverInfo;
  final String clients;
  final String channels;
  final String messages;
  final String subscriptions;
  final String subsPending;

  NssTables(String schema) {
    String p = schema.isEmpty() ? "" : schema + ".";
    this.serverInfo = p + "ServerInfo";
    this.clients = p + "Clients";
    this.channels = p + "Channels";
    this.messages = p + "Messages";
    this.subscriptions = p + "Subscriptions";
    this.subsPending = p + "SubsPending";
  }

  String serverInfo() {
    return "SELECT id, proto, version FROM " + serverInfo + " WHERE uniquerow=1";
  }

  String clients() {
    return "SELECT id, hbinbox, proto FROM " + clients;
  }

  String channels() {
    return "SELECT id, name, maxseq FROM " + channels + " WHERE deleted=FALSE ORDER BY id";
  }

  String messageTotals() {
    return "SELECT COUNT(seq), COALESCE(MIN(seq), 0), COALESCE(MAX(seq), 0), COALESCE(SUM(size), 0)"
        + " FROM " + messages + " WHERE id=?";
  }

  String lookup() {
    return "SELECT data FROM " + messages + " WHERE id=? AND seq=?";
  }

  String seqAtOrAfter() {
    return "SELECT MIN(seq) FROM " + messages + " WHERE id=? AND timestamp>=?";
  }

  String subscriptions() {
    return "SELECT subid, lastsent, proto FROM " + subscriptions
        + " WHERE id=? AND deleted=FALSE ORDER BY subid";
  }

  String pendingRows() {
    return "SELECT subid, seq, lastsent, pending, acks FROM " + subsPending + " WHERE subid IN"
        + " (SELECT subid FROM " + subscriptions + " WHERE id=? AND deleted=FALSE)";
  }
}
