package io.streamstore.jdbc;

/**
 * The oldest messages of a channel that are in the database, as (sequence, size, timestamp) only,
 * read a page at a time. Limits and age expiry remove messages from the front of the log; this lets
 * them know each removed message's size and the next oldest sequence without a query per message.
 *
 * <p>Not thread-safe: the owning {@link JdbcMsgStore} guards it.
 */
final class LogHead {

  private final long[] seqs;
  private final int[] sizes;
  private final long[] timestamps;
  private int pos;
  private int len;

  /** Highest sequence ever loaded (or known to be gone); the next page starts above it. */
  private long loadedThrough;

  LogHead(int pageSize, long loadedThrough) {
    seqs = new long[pageSize];
    sizes = new int[pageSize];
    timestamps = new long[pageSize];
    this.loadedThrough = loadedThrough;
  }

  int capacity() {
    return seqs.length;
  }

  boolean isEmpty() {
    return pos == len;
  }

  long loadedThrough() {
    return loadedThrough;
  }

  /** Starts a new page (the current one must be used up). */
  void resetPage() {
    pos = 0;
    len = 0;
  }

  void append(long seq, int size, long ts) {
    seqs[len] = seq;
    sizes[len] = size;
    timestamps[len] = ts;
    len++;
    loadedThrough = seq;
  }

  /** Marks everything up to {@code seq} as loaded (a page came back short, or the log was emptied). */
  void skipThrough(long seq) {
    if (seq > loadedThrough) {
      loadedThrough = seq;
    }
  }

  long firstSeq() {
    return seqs[pos];
  }

  int firstSize() {
    return sizes[pos];
  }

  long firstTimestamp() {
    return timestamps[pos];
  }

  void removeFirst() {
    pos++;
  }

  /** Forgets every loaded entry and everything up to {@code seq}. */
  void clearThrough(long seq) {
    pos = 0;
    len = 0;
    skipThrough(seq);
  }
}
