package io.streamstore.file.meta;

import io.streamstore.file.compact.CompactionPolicy;
import io.streamstore.file.format.RecordCodec;
import io.streamstore.file.format.RecordTypes;
import io.streamstore.file.io.FileIO;
import io.streamstore.proto.ClientDelete;
import io.streamstore.proto.ClientInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code clients.dat}: typed records, 1 = client added ({@link ClientInfo}), 2 = client deleted
 * ({@link ClientDelete}). Replayed at start-up; an added client is forced to disk before {@link
 * #add} returns (when {@code doSync}), so an acknowledged client is never lost (rule R12). Compacted
 * per {@link CompactionPolicy}.
 *
 * <p>Not thread-safe: the store calls it under its lock.
 */
public final class ClientsFile implements AutoCloseable {

  /** The file name in the store's root. */
  public static final String NAME = StoreLayout.CLIENTS_FILE;

  private static final Logger LOG = LoggerFactory.getLogger(ClientsFile.class);

  private final RecordLog log;
  private final CompactionPolicy policy;
  private final boolean doSync;
  private final Map<String, ClientInfo> live; // the clients, in insertion order
  private long deleteRecords;
  private long lastCompaction = CompactionPolicy.NEVER;

  private ClientsFile(RecordLog log, CompactionPolicy policy, boolean doSync, Map<String, ClientInfo> live, long deletes) {
    this.log = log;
    this.policy = policy;
    this.doSync = doSync;
    this.live = live;
    this.deleteRecords = deletes;
  }

  /**
   * Opens {@code clients.dat} in {@code root}, replaying it, or creates it empty when absent (unless
   * {@code readOnly}, where an absent file means no clients).
   */
  public static ClientsFile open(
      FileIO io, Path root, RecordCodec codec, CompactionPolicy policy, boolean doSync, boolean checkCrc,
      boolean truncateTornTail, boolean readOnly) {
    return open(io, root, codec, policy, doSync, checkCrc, truncateTornTail, readOnly, null);
  }

  /**
   * As the other {@code open} (which keeps no manifest, as NATS Streaming), keeping {@link StoreLayout#CLIENTS_MANIFEST}; {@code cutDebris} is the option {@code
   * cutTornTailAfterCrash}.
   */
  public static ClientsFile open(
      FileIO io, Path root, RecordCodec codec, CompactionPolicy policy, boolean doSync, boolean checkCrc,
      boolean truncateTornTail, boolean readOnly, boolean cutDebris) {
    return open(io, root, codec, policy, doSync, checkCrc, truncateTornTail, readOnly,
        new RecordLog.Committed(root.resolve(StoreLayout.CLIENTS_MANIFEST), true, cutDebris));
  }

  private static ClientsFile open(
      FileIO io, Path root, RecordCodec codec, CompactionPolicy policy, boolean doSync, boolean checkCrc,
      boolean truncateTornTail, boolean readOnly, RecordLog.Committed committed) {
    Path file = root.resolve(NAME);
    Map<String, ClientInfo> live = new LinkedHashMap<>();
    long[] deletes = {0};
    RecordLog log;
    if (!io.exists(file)) {
      log = readOnly ? null : RecordLog.create(io, file, NAME, codec, 0, committed);
    } else {
      log = RecordLog.open(io, file, NAME, codec, 0, checkCrc, truncateTornTail, readOnly, committed,
          (offset, type, payload) -> {
            switch (type) {
              case RecordTypes.CLIENT_ADD -> {
                ClientInfo c = ClientInfo.parseFrom(payload);
                live.put(c.getID(), c);
              }
              case RecordTypes.CLIENT_DELETE -> {
                live.remove(ClientDelete.parseFrom(payload).getID());
                deletes[0]++;
              }
              default -> throw new IllegalArgumentException("invalid client record type " + type);
            }
          });
    }
    return new ClientsFile(log, policy, doSync, live, deletes[0]);
  }

  /** The clients replayed or added since, in the order they were first added. */
  public List<ClientInfo> clients() {
    return new ArrayList<>(live.values());
  }

  /** Appends an add record and makes it durable (forced when {@code doSync}) before returning. */
  public void add(ClientInfo info) {
    requireWritable();
    log.append(RecordTypes.CLIENT_ADD, info);
    log.flush(doSync);
    live.put(info.getID(), info);
  }

  /** Appends a delete record (written through, not forced), then compacts when due. */
  public void delete(String clientId) {
    requireWritable();
    log.append(RecordTypes.CLIENT_DELETE, ClientDelete.newBuilder().setID(clientId).build());
    log.flush(false);
    live.remove(clientId);
    deleteRecords++;
    if (policy.due(log.size(), deleteRecords, deleteRecords + live.size(), lastCompaction)) {
      compact();
    }
  }

  /** Rewrites the file with one add record per live client. */
  public void compact() {
    requireWritable();
    long before = log.size();
    long after = log.replaceWith(fresh -> live.values().forEach(c -> fresh.append(RecordTypes.CLIENT_ADD, c)));
    LOG.debug("compacted {}: {} -> {} bytes, {} delete records dropped", NAME, before, after, deleteRecords);
    deleteRecords = 0;
    lastCompaction = policy.now();
  }

  /** Forces the file and records its committed length (background checkpoint). */
  public void checkpoint() {
    if (log != null) {
      log.checkpoint(false);
    }
  }

  /** Number of delete records in the file (what compaction would drop). */
  public long deleteRecords() {
    return deleteRecords;
  }

  /** Current file size in bytes. */
  public long fileSize() {
    return log == null ? 0 : log.size();
  }

  @Override
  public void close() {
    if (log != null) {
      log.close(false);
    }
  }

  private void requireWritable() {
    if (log == null) {
      throw new io.streamstore.spi.NotSupportedException("the store was opened read-only");
    }
  }
}
