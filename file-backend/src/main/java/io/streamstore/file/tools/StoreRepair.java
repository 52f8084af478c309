package io.streamstore.file.tools;

import com.google.protobuf.InvalidProtocolBufferException;
import io.streamstore.file.meta.StoreLayout;
import io.streamstore.file.FileStoreOptions;
import io.streamstore.file.format.FileVersion;
import io.streamstore.file.format.IndexCodec;
import io.streamstore.file.format.IndexEntry;
import io.streamstore.file.format.RecordCodec;
import io.streamstore.file.io.FileHandle;
import io.streamstore.file.io.FileIO;
import io.streamstore.file.io.ProcessLocks;
import io.streamstore.file.meta.AtomicReplace;
import io.streamstore.file.meta.ClientsFile;
import io.streamstore.file.meta.RecordFileReader;
import io.streamstore.file.meta.ServerInfoFile;
import io.streamstore.spi.StoreIOException;
import io.streamstore.spi.StoreInUseException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Repairs what can be repaired without guessing, as a deliberate operator step (never done by a
 * normal open): every file it changes is first copied to {@code <file>.bak} (or {@code .bak.N}).
 *
 * <ul>
 *   <li>a torn or unreadable tail of a message data file is cut off after the last complete record,
 *       and the sequences that were lost are listed (from the old index);
 *   <li>a missing, damaged or mismatched index is rebuilt from its data file, with offsets computed
 *       from the data file (never trusted from the old index);
 *   <li>{@code clients.dat} and {@code subs.dat} are rewritten without damaged records and without a
 *       torn tail; every dropped record is reported by offset and type.
 * </ul>
 *
 * <p>Left alone, and reported as {@link RepairReport.Kind#UNREPAIRED}: a damaged message in the
 * middle of a data file (dropping it would hide the loss; reading it keeps failing loudly), message
 * sequences out of order, a damaged {@code server.dat} (restore it from a backup), and a directory
 * whose name is reserved for the store's own files ({@link StoreLayout#isReserved}; move it away).
 *
 * <p>Takes the store's exclusive lock for the duration; fails with {@link StoreInUseException} when a
 * running store holds it.
 */
public final class StoreRepair {

  private StoreRepair() {}

  /** Repairs the store in {@code root} on the real file system. */
  public static RepairReport repair(Path root, FileStoreOptions options) {
    return repair(root, options, FileIO.real());
  }

  /**
   * Repairs the store in {@code root} through {@code io}.
   *
   * @throws StoreInUseException if another store holds the directory's lock
   * @throws StoreIOException if reading or writing fails
   */
  public static RepairReport repair(Path root, FileStoreOptions options, FileIO io) {
    Path dir = root.toAbsolutePath().normalize();
    Path lockFile = dir.resolve(StoreLayout.LOCK_FILE);
    if (!ProcessLocks.claim(lockFile)) {
      throw inUse(dir); // a store of this JVM holds it; even opening the file would release it
    }
    try (FileHandle lock = io.open(lockFile, FileIO.OpenMode.READ_WRITE)) {
      if (!lock.tryLock()) {
        throw inUse(dir);
      }
      VerifyReport before = StoreVerifier.verify(dir, options, io);
      List<RepairReport.Action> actions = new ArrayList<>();
      if (!before.ok()) {
        new Fixer(dir, options, io, before, actions).run();
      }
      VerifyReport after = before.ok() ? before : StoreVerifier.verify(dir, options, io);
      return new RepairReport(dir, before, actions, after);
    } catch (IOException e) {
      throw new StoreIOException("repairing " + dir, e);
    } finally {
      ProcessLocks.release(lockFile);
    }
  }

  private static StoreInUseException inUse(Path dir) {
    return new StoreInUseException("the store in " + dir + " is in use (its " + StoreLayout.LOCK_FILE
        + " is locked); stop it before repairing");
  }

  private static final class Fixer {
    private final Path root;
    private final FileIO io;
    private final RecordCodec codec;
    private final VerifyReport before;
    private final List<RepairReport.Action> actions;

    Fixer(Path root, FileStoreOptions options, FileIO io, VerifyReport before, List<RepairReport.Action> actions) {
      this.root = root;
      this.io = io;
      this.codec = StoreVerifier.codec(options);
      this.before = before;
      this.actions = actions;
    }

    void run() throws IOException {
      for (String dir : StoreVerifier.reservedDirectories(io, root)) {
        unrepaired(dir, StoreLayout.reservedDirectoryProblem(dir) + " (repair never moves a channel's data)");
      }
      for (Problem p : before.problems()) {
        if (p.kind() == Problem.Kind.LOST_DATA) {
          unrepaired(p.file(), p.message() + "; restore the file from a backup");
        }
      }
      for (Problem p : before.problemsIn(ServerInfoFile.NAME)) {
        unrepaired(p.file(), p.kind() + " at offset " + p.offset() + ": " + p.message()
            + "; restore " + ServerInfoFile.NAME + " from a backup");
      }
      if (repairable(ClientsFile.NAME)) {
        rewriteTyped(root.resolve(ClientsFile.NAME), ClientsFile.NAME, StoreVerifier::clientRecord);
      }
      for (String channel : StoreVerifier.channels(io, root)) {
        Path dir = root.resolve(channel);
        String subs = channel + "/subs.dat";
        if (repairable(subs)) {
          rewriteTyped(dir.resolve("subs.dat"), subs, StoreVerifier::subRecord);
        }
        long last = 0;
        Map<Long, Path> all = StoreVerifier.slices(io, dir);
        long lastNumber = all.isEmpty() ? 0 : lastKeyOf(all);
        for (Map.Entry<Long, Path> e : all.entrySet()) {
          if (e.getKey() < 0) {
            continue;
          }
          String name = channel + "/" + e.getValue().getFileName();
          SliceScan s = SliceScan.scan(io, e.getValue(), name, codec, last, e.getKey() == lastNumber);
          if (!s.problems.isEmpty()) {
            repairSlice(s);
          }
          last = s.lastSeq(last);
        }
      }
    }

    /** Whether {@code file} has problems a rewrite settles (LOST_DATA is for a backup to settle). */
    private boolean repairable(String file) {
      return before.problemsIn(file).stream().anyMatch(p -> p.kind() != Problem.Kind.LOST_DATA);
    }

    private static long lastKeyOf(Map<Long, Path> slices) {
      return slices.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    private void repairSlice(SliceScan s) throws IOException {
      if (!s.datVersionOk || s.datOutcome == null) {
        unrepaired(s.datName, "data file unreadable or of an unknown version; restore it from a backup");
        return;
      }
      for (Problem p : s.problems) {
        if (p.file().equals(s.datName)
            && (p.kind() == Problem.Kind.BAD_CRC || p.kind() == Problem.Kind.BAD_RECORD
                || p.kind() == Problem.Kind.BAD_SEQUENCE)) {
          unrepaired(s.datName, p.kind() + " at offset " + p.offset() + " left in place (" + p.message()
              + "); reading that message keeps failing with CorruptedDataException");
        }
      }
      for (Problem p : s.problems) {
        if (p.kind() == Problem.Kind.LOST_DATA) {
          return; // reported by run(): cutting or re-indexing would hide the loss
        }
      }
      boolean truncated = false;
      RecordFileReader.Outcome out = s.datOutcome;
      if (out.end() == RecordFileReader.End.TORN_TAIL || out.end() == RecordFileReader.End.BAD_SIZE
          || out.end() == RecordFileReader.End.ZERO_GAP) {
        backup(s.dat, s.datName);
        try (FileHandle h = io.open(s.dat, FileIO.OpenMode.READ_WRITE)) {
          h.truncate(out.validEnd());
          h.force(true);
        }
        List<Long> lost = new ArrayList<>();
        for (IndexEntry ie : s.indexEntries) {
          if (ie.offset() >= out.validEnd()) {
            lost.add(ie.seq());
          }
        }
        actions.add(new RepairReport.Action(s.datName, RepairReport.Kind.TRUNCATED,
            "cut at offset " + out.validEnd() + " after the last complete record (" + out.describe() + ")",
            out.fileSize() - out.validEnd(), lost));
        truncated = true;
      }
      if (s.indexNeedsRebuild || truncated) {
        rebuildIndex(s);
      }
    }

    private void rebuildIndex(SliceScan s) throws IOException {
      ByteBuffer idx =
          ByteBuffer.allocate(FileVersion.SIZE + s.records.size() * IndexCodec.SIZE).order(ByteOrder.LITTLE_ENDIAN);
      idx.put(FileVersion.header());
      for (IndexEntry r : s.records) {
        IndexEntry e = r;
        if (r.seq() < 0) {
          e = s.indexEntries.stream().filter(old -> old.offset() == r.offset() && old.size() == r.size())
              .findFirst().orElse(null);
          if (e == null) {
            unrepaired(s.idxName, "index not rebuilt: the damaged record at offset " + r.offset() + " of "
                + s.datName + " has no trustworthy index entry");
            return;
          }
        }
        IndexCodec.write(idx, idx.position(), e.seq(), e.offset(), e.timestamp(), e.size());
        idx.position(idx.position() + IndexCodec.SIZE);
      }
      idx.flip();
      if (io.exists(s.idx)) {
        backup(s.idx, s.idxName);
      }
      AtomicReplace.write(io, s.idx, idx);
      actions.add(new RepairReport.Action(s.idxName, RepairReport.Kind.INDEX_REBUILT,
          s.records.size() + " entries rebuilt from " + s.datName, 0, List.of()));
    }

    private void rewriteTyped(Path file, String name, StoreVerifier.TypedCheck check) throws IOException {
      ByteArrayOutputStream kept = new ByteArrayOutputStream();
      kept.write(FileVersion.header().array());
      List<String> dropped = new ArrayList<>();
      RecordFileReader.Outcome out;
      try (FileHandle h = io.open(file, FileIO.OpenMode.READ)) {
        String bad = RecordFileReader.versionProblem(h);
        if (bad != null && h.size() < FileVersion.SIZE) {
          // A crash right after creating the file: it never held a record, so nothing can be lost.
          long size = h.size();
          h.close();
          backup(file, name);
          AtomicReplace.write(io, file, FileVersion.header());
          actions.add(new RepairReport.Action(name, RepairReport.Kind.REWRITTEN,
              "file had no version header (" + size + " bytes); rewritten empty", size, List.of()));
          return;
        }
        if (bad != null) {
          unrepaired(name, bad + "; restore it from a backup");
          return;
        }
        out = RecordFileReader.scan(h, codec, true, (offset, type, payload, crcOk) -> {
          String wrong = crcOk ? null : "CRC-32 mismatch";
          if (wrong == null) {
            try {
              wrong = check.check(type, payload.duplicate());
            } catch (InvalidProtocolBufferException e) {
              wrong = "does not decode";
            }
          }
          if (wrong != null) {
            dropped.add("type " + type + " at offset " + offset + " (" + wrong + ")");
            return;
          }
          ByteBuffer rec = ByteBuffer.allocate(RecordCodec.HEADER_SIZE + payload.remaining()).order(ByteOrder.LITTLE_ENDIAN);
          rec.position(RecordCodec.HEADER_SIZE);
          rec.put(payload.duplicate());
          codec.seal(rec, 0, type, payload.remaining());
          kept.write(rec.array(), 0, rec.capacity());
        });
      }
      long tail = out.fileSize() - out.validEnd();
      boolean zeroTail = out.end() == RecordFileReader.End.ZERO_TAIL;
      if (dropped.isEmpty() && (tail == 0 || zeroTail)) {
        return;
      }
      backup(file, name);
      byte[] bytes = kept.toByteArray();
      AtomicReplace.write(io, file, ByteBuffer.wrap(bytes));
      String detail = (dropped.isEmpty() ? "no damaged record" : "dropped " + dropped.size() + " damaged record(s): " + dropped)
          + (tail > 0 ? "; cut " + tail + " bytes at offset " + out.validEnd() + " (" + out.describe() + ")" : "");
      actions.add(new RepairReport.Action(name, RepairReport.Kind.REWRITTEN, detail,
          out.fileSize() - bytes.length, List.of()));
    }

    private void backup(Path file, String name) throws IOException {
      String fileName = file.getFileName().toString();
      Path bak = file.resolveSibling(StoreLayout.backupName(fileName, 0));
      for (int n = 1; io.exists(bak); n++) {
        bak = file.resolveSibling(StoreLayout.backupName(fileName, n));
      }
      try (FileHandle src = io.open(file, FileIO.OpenMode.READ);
          FileHandle dst = io.open(bak, FileIO.OpenMode.CREATE_NEW)) {
        ByteBuffer buf = ByteBuffer.allocate(256 * 1024);
        long pos = 0;
        long size = src.size();
        while (pos < size) {
          buf.clear().limit((int) Math.min(buf.capacity(), size - pos));
          src.readFully(buf, pos);
          buf.flip();
          dst.writeFully(buf, pos);
          pos += buf.limit();
        }
        dst.force(true);
      }
      io.forceDirectory(file.getParent());
      actions.add(new RepairReport.Action(name, RepairReport.Kind.BACKED_UP,
          bak.getFileName().toString(), 0, List.of()));
    }

    private void unrepaired(String file, String why) {
      actions.add(new RepairReport.Action(file, RepairReport.Kind.UNREPAIRED, why, 0, List.of()));
    }
  }
}
