package io.streamstore.jdbc;

import io.streamstore.spi.CorruptedDataException;
import io.streamstore.spi.MutableSequenceSet;
import io.streamstore.spi.SequenceSet;
import java.nio.charset.StandardCharsets;

/**
 * One subscription's pending set as NATS Streaming's SQL store records it in {@code SubsPending}:
 * with its default caching, rows with {@code seq=0} whose {@code pending} and {@code acks} hold JSON
 * arrays of sequences (ASCII bytes, any order); without caching, one row per pending sequence
 * ({@code seq>0}). The set is every pending sequence minus every acknowledged one; last sent is the
 * highest {@code lastsent} of the rows.
 */
final class NssPending {

  private final MutableSequenceSet pending = new MutableSequenceSet();
  private final MutableSequenceSet acked = new MutableSequenceSet();
  private long lastSent;

  /** Adds one {@code SubsPending} row. */
  void addRow(long subId, long seq, long rowLastSent, byte[] pendingJson, byte[] acksJson) {
    if (seq > 0) {
      pending.add(seq);
    }
    parse(subId, "pending", pendingJson, pending);
    parse(subId, "acks", acksJson, acked);
    lastSent = Math.max(lastSent, rowLastSent);
  }

  /** The pending sequences at or above {@code first} (NATS Streaming purges the older ones). */
  SequenceSet pending(long first) {
    MutableSequenceSet out = new MutableSequenceSet();
    pending.snapshot().forEach(s -> {
      if (!acked.contains(s) && s >= first) {
        out.add(s);
      }
    });
    return out.snapshot();
  }

  long lastSent() {
    return lastSent;
  }

  private static void parse(long subId, String column, byte[] json, MutableSequenceSet into) {
    if (json == null || json.length == 0) {
      return;
    }
    String text = new String(json, StandardCharsets.US_ASCII).trim();
    if (!text.startsWith("[") || !text.endsWith("]")) {
      throw bad(subId, column, text);
    }
    String body = text.substring(1, text.length() - 1).trim();
    if (body.isEmpty()) {
      return;
    }
    for (String part : body.split(",", -1)) {
      try {
        long seq = Long.parseLong(part.trim());
        if (seq <= 0) {
          throw bad(subId, column, text);
        }
        into.add(seq);
      } catch (NumberFormatException e) {
        throw bad(subId, column, text);
      }
    }
  }

  private static CorruptedDataException bad(long subId, String column, String text) {
    String shown = text.length() > 60 ? text.substring(0, 60) + "..." : text;
    return new CorruptedDataException("SubsPending." + column + " of subscription " + subId
        + " is not a JSON array of sequences: " + shown);
  }
}
