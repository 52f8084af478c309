package io.streamstore.jdbc;

import io.streamstore.proto.MsgProto;
import java.util.Arrays;

/**
 * The messages of one channel that were stored but not yet written: the newest part of the log, in
 * increasing sequence order. Flushed in one transaction; until then lookups are answered from here.
 * The oldest entries can be dropped (limits) without ever reaching the database.
 *
 * <p>Not thread-safe: the owning {@link JdbcMsgStore} guards it.
 */
final class MessageBatch {

  private long[] seqs;
  private long[] timestamps;
  private byte[][] data;
  private MsgProto[] msgs;
  private int start; // index of the oldest live entry
  private int end; // one past the newest entry

  MessageBatch(int capacity) {
    int c = Math.max(4, Math.min(capacity, 1024));
    seqs = new long[c];
    timestamps = new long[c];
    data = new byte[c][];
    msgs = new MsgProto[c];
  }

  int size() {
    return end - start;
  }

  boolean isEmpty() {
    return end == start;
  }

  /** Appends; {@code msg.getSequence()} must be above every sequence held. */
  void add(MsgProto msg, byte[] bytes) {
    if (end == seqs.length) {
      compactOrGrow();
    }
    seqs[end] = msg.getSequence();
    timestamps[end] = msg.getTimestamp();
    data[end] = bytes;
    msgs[end] = msg;
    end++;
  }

  long firstSeq() {
    return seqs[start];
  }

  long firstTimestamp() {
    return timestamps[start];
  }

  int firstSize() {
    return data[start].length;
  }

  /** Drops the oldest entry. */
  void removeFirst() {
    data[start] = null;
    msgs[start] = null;
    start++;
    if (start == end) {
      start = 0;
      end = 0;
    }
  }

  /** The message with {@code seq}, or null. */
  MsgProto get(long seq) {
    int i = Arrays.binarySearch(seqs, start, end, seq);
    return i >= 0 ? msgs[i] : null;
  }

  /** The sequence of the first entry whose timestamp is at or after {@code ts}, or -1. */
  long firstAtOrAfter(long ts) {
    for (int i = start; i < end; i++) {
      if (timestamps[i] >= ts) {
        return seqs[i];
      }
    }
    return -1;
  }

  int start() {
    return start;
  }

  int end() {
    return end;
  }

  long seqAt(int i) {
    return seqs[i];
  }

  long timestampAt(int i) {
    return timestamps[i];
  }

  byte[] dataAt(int i) {
    return data[i];
  }

  void clear() {
    Arrays.fill(data, start, end, null);
    Arrays.fill(msgs, start, end, null);
    start = 0;
    end = 0;
  }

  private void compactOrGrow() {
    int n = size();
    int capacity = n * 2 > seqs.length ? seqs.length * 2 : seqs.length;
    long[] s = new long[capacity];
    long[] t = new long[capacity];
    byte[][] d = new byte[capacity][];
    MsgProto[] m = new MsgProto[capacity];
    System.arraycopy(seqs, start, s, 0, n);
    System.arraycopy(timestamps, start, t, 0, n);
    System.arraycopy(data, start, d, 0, n);
    System.arraycopy(msgs, start, m, 0, n);
    seqs = s;
    timestamps = t;
    data = d;
    msgs = m;
    start = 0;
    end = n;
  }
}
