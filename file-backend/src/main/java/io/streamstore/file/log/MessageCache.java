package io.streamstore.file.log;

import io.streamstore.proto.MsgProto;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small LRU of recently looked-up messages, so that a subscriber redelivering or several
 * subscribers reading the same recent messages do not hit the disk each time. Bounded by count
 * (never grows with the log); emptied when it was not used for a while ({@link #evictIdle}).
 * Stored messages are not cached: the write path allocates nothing per message.
 *
 * <p>Not thread-safe: used under the owning log's lock.
 */
final class MessageCache {

  private final int capacity;
  private final LinkedHashMap<Long, MsgProto> map;
  private long lastUse;

  MessageCache(int capacity) {
    this.capacity = capacity;
    this.map =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Long, MsgProto> eldest) {
            return size() > MessageCache.this.capacity;
          }
        };
  }

  MsgProto get(long seq, long now) {
    if (map.isEmpty()) {
      return null;
    }
    lastUse = now;
    return map.get(seq);
  }

  void put(long seq, MsgProto m, long now) {
    lastUse = now;
    map.put(seq, m);
  }

  void remove(long seq) {
    if (!map.isEmpty()) {
      map.remove(seq);
    }
  }

  /** Empties the cache if it was not used for {@code ttlNanos}. */
  void evictIdle(long now, long ttlNanos) {
    if (!map.isEmpty() && now - lastUse >= ttlNanos) {
      map.clear();
    }
  }

  void clear() {
    map.clear();
  }

  int size() {
    return map.size();
  }
}
